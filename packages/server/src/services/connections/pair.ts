import { and, connections, eq, not, or, type Executor, type Transaction } from '@rapport/db';
import { notFound } from '../../errors';
import { lockKey } from '../advisory-lock';
import { blockedEitherWay } from '../blocks';

export type ConnectionRow = typeof connections.$inferSelect;

/**
 * Serialises every change to one pair of users, whichever side makes it. The
 * unique indexes stop duplicates on their own; this lock is what keeps
 * cross-row rules true under concurrency, e.g. a follow committed while the
 * other side's block is deleting follows.
 */
export async function lockPair(tx: Transaction, a: string, b: string): Promise<void> {
  await lockKey(tx, pairKey(a, b));
}

/**
 * Takes the locks of several pairs in one global order (by key, the order
 * lockPairsWith in chat uses too), so two transactions taking overlapping
 * pairs never wait on each other in a cycle. A pair named twice is locked once.
 */
export async function lockPairs(tx: Transaction, pairs: readonly (readonly [string, string])[]): Promise<void> {
  const keys = [...new Set(pairs.map(([a, b]) => pairKey(a, b)))].sort();
  for (const key of keys) await lockKey(tx, key);
}

function pairKey(a: string, b: string): string {
  const [low, high] = a < b ? [a, b] : [b, a];
  return `connections:${low}:${high}`;
}

/** Every row between two users, in either direction. */
export function rowsBetween(db: Executor, a: string, b: string): Promise<ConnectionRow[]> {
  return db
    .select()
    .from(connections)
    .where(
      or(
        and(eq(connections.requesterId, a), eq(connections.addresseeId, b)),
        and(eq(connections.requesterId, b), eq(connections.addresseeId, a)),
      ),
    );
}

export const isLiveFriendship = (row: ConnectionRow) => row.type === 'friend' && row.status !== 'rejected';

/**
 * Loads a connection the actor is a party to and locks its pair, reading it
 * again under the lock (a block or a cancel may have just removed it). The id
 * and the actor are checked in one query: a stranger's id is "not found", and
 * so is a declined request of a pair with a block between them (it waits,
 * unlisted, for the block to be lifted).
 */
export async function lockOwnConnection(tx: Transaction, connectionId: string, actorId: string): Promise<ConnectionRow> {
  const involving = and(
    eq(connections.id, connectionId),
    or(eq(connections.requesterId, actorId), eq(connections.addresseeId, actorId)),
    or(eq(connections.type, 'block'), not(blockedEitherWay(connections.requesterId, connections.addresseeId))),
  );
  const [found] = await tx.select().from(connections).where(involving).limit(1);
  if (!found) throw notFound('Connection');
  await lockPair(tx, found.requesterId, found.addresseeId);
  const [row] = await tx.select().from(connections).where(involving).limit(1);
  if (!row) throw notFound('Connection');
  return row;
}
