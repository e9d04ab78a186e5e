import { and, connections, eq, or, sql, type Executor, type SQL, type SQLWrapper } from '@rapport/db';

// The one definition of "blocked": a `block` row in connections, from the
// blocker (requester) to the blocked (addressee). Every query, the event
// reader and the live stream judge blocks through these three, so a block is
// enforced the same way everywhere (docs/ARCHITECTURE.md, "Invariants").

/** True when either user blocks the other. */
export function blockedEitherWay(a: SQLWrapper | string, b: SQLWrapper | string): SQL {
  return sql`exists (
    select 1 from connections blk
    where blk.type = 'block'
      and ((blk.requester_id = ${a} and blk.addressee_id = ${b})
        or (blk.requester_id = ${b} and blk.addressee_id = ${a})))`;
}

/**
 * True when `blocker` blocks `blocked`: for rules that depend on who blocked
 * whom (to the blocked, a blocker is "not found"; the blocker is told to unblock).
 */
export function blocks(blocker: SQLWrapper | string, blocked: SQLWrapper | string): SQL {
  return sql`exists (
    select 1 from connections blk
    where blk.type = 'block' and blk.requester_id = ${blocker} and blk.addressee_id = ${blocked})`;
}

/** Everyone this user blocks or is blocked by: their events never reach this user. */
export async function loadBlockSet(db: Executor, userId: string): Promise<Set<string>> {
  const rows = await db
    .select({ requesterId: connections.requesterId, addresseeId: connections.addresseeId })
    .from(connections)
    .where(and(eq(connections.type, 'block'), or(eq(connections.requesterId, userId), eq(connections.addresseeId, userId))));
  return new Set(rows.map((r) => (r.requesterId === userId ? r.addresseeId : r.requesterId)));
}
