import type { Transaction } from '@rapport/db';
import { AppError } from '../../../errors';
import { canModerate, loadMembership, type ConversationRow, type MemberRow } from '../access';

export interface LockedGroup {
  conversation: ConversationRow;
  member: MemberRow;
}

/**
 * Locks the conversation for the rest of the transaction and reads the
 * actor's membership after the lock (a new statement, so it sees any
 * membership change the lock waited for), refusing a direct conversation
 * with a message that fits the action.
 */
export async function lockGroup(tx: Transaction, conversationId: string, me: string, directMessage: string): Promise<LockedGroup> {
  const locked = await loadMembership(tx, conversationId, me, { lock: true });
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
