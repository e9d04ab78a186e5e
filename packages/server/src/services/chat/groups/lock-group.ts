import type { Transaction } from '@rapport/db';
import { AppError } from '../../../errors';
import { canModerate, loadMembership, type ConversationRow, type MemberRow } from '../access';

export interface LockedGroup {
  conversation: ConversationRow;
  member: MemberRow;
}

/**
 * Locks the conversation row for the rest of the transaction, then reads the
 * actor's membership again. The second read is not redundant: a locking
 * SELECT that waited for another membership change re-checks only the locked
 * conversation row, so the member row it joined can be from before that
 * change (a role just taken away, a member just removed). A new statement
 * after the lock sees what committed.
 */
async function lockConversation(tx: Transaction, conversationId: string, me: string): Promise<LockedGroup> {
  await loadMembership(tx, conversationId, me, { lock: true });
  return loadMembership(tx, conversationId, me);
}

/** As lockConversation, refusing a direct conversation with a message that fits the action. */
export async function lockGroup(tx: Transaction, conversationId: string, me: string, directMessage: string): Promise<LockedGroup> {
  const locked = await lockConversation(tx, conversationId, me);
  if (locked.conversation.kind !== 'group') throw new AppError('BAD_REQUEST', directMessage);
  return locked;
}

export const MEMBERS_FIXED = 'A direct conversation always has the same two people; start a group to talk with more.';

export function requireModerator(member: MemberRow, action: string): void {
  if (!canModerate(member)) throw new AppError('FORBIDDEN', `Only the group's owner and admins can ${action}.`);
}

export function requireOwner(member: MemberRow, action: string): void {
  if (member.role !== 'owner') throw new AppError('FORBIDDEN', `Only the group's owner can ${action}.`);
}
