import { sql, type SQL, type SQLWrapper } from '@rapport/db';

/**
 * True when either user blocks the other. The single definition of "blocked"
 * that every query filters with, so block is enforced the same way everywhere.
 */
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
