import { inArray, sql, users, type Transaction } from '@rapport/db';
import { AppError } from '../../../errors';
import { blockedEitherWay } from '../../blocks';
import { lockPair } from '../../connections/pair';

/** The same words whether the user does not exist or a block stands between the two. */
const NOT_FOUND_MESSAGE = 'One of those users was not found.';

/** The ids once each, without the actor (who is in the group already or is creating it). */
export function otherUserIds(me: string, ids: readonly string[]): string[] {
  return [...new Set(ids)].filter((id) => id !== me);
}

/**
 * Takes the pair lock between the actor and each of these users, the one a
 * block takes, so that no block can commit between this check and the
 * membership it allows. Locks go in one global order (by key) so two of
 * these never wait on each other in a cycle; callers take them before the
 * conversation lock, the same order as everywhere a pair lock is held.
 */
export async function lockPairsWith(tx: Transaction, me: string, others: readonly string[]): Promise<void> {
  const key = (other: string) => (me < other ? `${me}:${other}` : `${other}:${me}`);
  const ordered = [...others].sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
  for (const other of ordered) await lockPair(tx, me, other);
}

/**
 * Checks that every user exists and that no block stands between them and
 * the actor, either way; one failure refuses the whole call, naming nobody,
 * so a call cannot be used to learn who blocks the caller.
 */
export async function assertInvitable(tx: Transaction, me: string, userIds: readonly string[]): Promise<void> {
  if (userIds.length === 0) return;
  const rows = await tx
    .select({ id: users.id, blocked: sql<boolean>`${blockedEitherWay(users.id, me)}` })
    .from(users)
    .where(inArray(users.id, [...userIds]));
  if (rows.length !== userIds.length || rows.some((r) => r.blocked)) throw new AppError('NOT_FOUND', NOT_FOUND_MESSAGE);
}
