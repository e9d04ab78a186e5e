import { and, connections, eq, not, or, type Executor, type Transaction } from '@rapport/db';
import { blockedEitherWay } from '../../domain/blocks';
import { lockPair } from '../../domain/locks';
import { notFound } from '../../errors';

export type ConnectionRow = typeof connections.$inferSelect;

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
