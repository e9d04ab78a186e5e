/**
 * An `events.stream` id, "xid:id": the writing transaction and the log row,
 * both decimal integers that may exceed 2^53. Only the pair orders events.
 */
export interface EventPosition {
  xid: bigint;
  id: bigint;
}

const EVENT_ID = /^(\d{1,20}):(\d{1,19})$/;

export function parseEventId(text: string): EventPosition | null {
  const match = EVENT_ID.exec(text);
  if (match === null) return null;
  const [, xid, id] = match;
  if (xid === undefined || id === undefined) return null;
  return { xid: BigInt(xid), id: BigInt(id) };
}

/** Negative when `a` comes before `b`, zero when equal, positive after. */
export function compareEventPositions(a: EventPosition, b: EventPosition): number {
  if (a.xid !== b.xid) return a.xid < b.xid ? -1 : 1;
  if (a.id !== b.id) return a.id < b.id ? -1 : 1;
  return 0;
}
