/**
 * A place in the event log: the writing transaction's xid8 and the row id.
 * Only the pair orders events correctly (docs/ARCHITECTURE.md, "Event log").
 * The xid stays a decimal string because it can exceed 2^53.
 */
export interface Position {
  xid: bigint;
  id: number;
}

export const START: Position = { xid: 0n, id: 0 };

const POSITION_PATTERN = /^(\d{1,20}):(\d{1,16})$/;
// An xid8 is an unsigned 64-bit integer; an event id is a bigint that stays
// below 2^53 (JavaScript reads it as a number).
const MAX_XID = 2n ** 64n - 1n;

export function formatPosition(p: Position): string {
  return `${p.xid}:${p.id}`;
}

/** A position in the form formatPosition writes, or null for text that no position could have produced. */
export function parsePosition(text: string): Position | null {
  const match = POSITION_PATTERN.exec(text);
  if (match === null) return null;
  const [, xidText = '', idText = ''] = match;
  const xid = BigInt(xidText);
  const id = Number(idText);
  if (xid > MAX_XID || !Number.isSafeInteger(id)) return null;
  return { xid, id };
}

export function comparePositions(a: Position, b: Position): number {
  if (a.xid !== b.xid) return a.xid < b.xid ? -1 : 1;
  return a.id - b.id;
}

export const laterOf = (a: Position, b: Position) => (comparePositions(a, b) >= 0 ? a : b);
