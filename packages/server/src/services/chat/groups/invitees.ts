import { inArray, sql, users, type Transaction } from '@rapport/db';
import { blockedEitherWay } from '../../../domain/blocks';
import { AppError } from '../../../errors';

/** The same words whether the user does not exist or a block stands between the two. */
const NOT_FOUND_MESSAGE = 'One of those users was not found.';

/** The ids once each, without the actor (who is in the group already or is creating it). */
export function otherUserIds(me: string, ids: readonly string[]): string[] {
  return [...new Set(ids)].filter((id) => id !== me);
}

/**
 * Checks that every user exists and that no block stands between them and
 * the actor, either way; one failure refuses the whole call, naming nobody,
 * so a call cannot be used to learn who blocks the caller. The caller holds
 * the pair lock with each of them (lockPairs), the one a block takes, so no
 * block can commit between this check and the membership it allows.
 */
export async function assertInvitable(tx: Transaction, me: string, userIds: readonly string[]): Promise<void> {
  if (userIds.length === 0) return;
  const rows = await tx
    .select({ id: users.id, blocked: sql<boolean>`${blockedEitherWay(users.id, me)}` })
    .from(users)
    .where(inArray(users.id, [...userIds]));
  if (rows.length !== userIds.length || rows.some((r) => r.blocked)) throw new AppError('NOT_FOUND', NOT_FOUND_MESSAGE);
}

