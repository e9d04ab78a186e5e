/**
 * A place in the event log: the writing transaction's xid8 and the row id.
 * Only the pair orders events correctly (DESIGN.md §4). The xid stays a
 * decimal string because it can exceed 2^53.
 */
export interface Position {
  xid: bigint;
  id: number;
}

export const START: Position = { xid: 0n, id: 0 };

export const POSITION_PATTERN = /^\d{1,20}:\d{1,19}$/;

export function formatPosition(p: Position): string {
  return `${p.xid}:${p.id}`;
}

export function parsePosition(text: string): Position | null {
  if (!POSITION_PATTERN.test(text)) return null;
  const [xid, id] = text.split(':');
  const n = Number(id);
  if (xid === undefined || !Number.isSafeInteger(n)) return null;
  return { xid: BigInt(xid), id: n };
}

export function comparePositions(a: Position, b: Position): number {
  if (a.xid !== b.xid) return a.xid < b.xid ? -1 : 1;
  return a.id - b.id;
}

export const laterOf = (a: Position, b: Position) => (comparePositions(a, b) >= 0 ? a : b);
