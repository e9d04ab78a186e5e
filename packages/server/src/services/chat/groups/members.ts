import { and, conversationMembers, conversations, eq, inArray, sql, type SQL, type Transaction } from '@rapport/db';
import { AppError, notFound } from '../../../errors';
import type { MemberInput } from '../../../schemas/chat/conversations';
import { lockGroup, MEMBERS_FIXED, type LockedGroup, type MemberRow } from '../access';

/** The condition that picks one member's row of a conversation. */
export function memberRow(conversationId: string, userId: string): SQL | undefined {
  return and(eq(conversationMembers.conversationId, conversationId), eq(conversationMembers.userId, userId));
}

export interface MemberChange extends LockedGroup {
  /** The member the actor acts on, read under the conversation lock. */
  target: MemberRow;
}

/**
 * Locks the group for an action the actor takes on another member and reads
 * that member, refusing in this order: a direct conversation, an actor whose
 * role does not allow it (`permit` throws), the actor naming themselves
 * (`self` says what to do instead), and someone who is not a member.
 */
export async function lockMemberChange(
  tx: Transaction,
  me: string,
  input: MemberInput,
  rule: { permit: (member: MemberRow) => void; self: string },
): Promise<MemberChange> {
  const locked = await lockGroup(tx, input.conversationId, me, MEMBERS_FIXED);
  rule.permit(locked.member);
  if (input.userId === me) throw new AppError('BAD_REQUEST', rule.self);
  const [target] = await tx.select().from(conversationMembers).where(memberRow(locked.conversation.id, input.userId)).limit(1);
  if (!target) throw notFound('Member');
  return { ...locked, target };
}

/** Which of these users already belong to the conversation. */
export async function existingMemberIds(tx: Transaction, conversationId: string, userIds: string[]): Promise<Set<string>> {
  if (userIds.length === 0) return new Set();
  const rows = await tx
    .select({ userId: conversationMembers.userId })
    .from(conversationMembers)
    .where(and(eq(conversationMembers.conversationId, conversationId), inArray(conversationMembers.userId, userIds)));
  return new Set(rows.map((r) => r.userId));
}

/**
 * Sets member_count from the rows themselves, in the transaction that changed
 * them and under the conversation lock: the count is exact by construction,
 * and it also heals a count left behind by rows that went another way (a
 * deleted account's memberships cascade without touching it).
 */
export async function recountMembers(tx: Transaction, conversationId: string): Promise<number> {
  const [row] = await tx
    .update(conversations)
    .set({
      memberCount: sql`(select count(*)::int from conversation_members m where m.conversation_id = ${conversationId})`,
      updatedAt: sql`now()`,
    })
    .where(eq(conversations.id, conversationId))
    .returning({ memberCount: conversations.memberCount });
  return row?.memberCount ?? 0;
}
