import { and, conversationMembers, conversations, eq, inArray, sql, type Transaction } from '@rapport/db';
import { notFound } from '../../../errors';
import type { MemberRow } from '../access';

/** Another member's row, read under the conversation lock the caller holds. */
export async function memberOf(tx: Transaction, conversationId: string, userId: string): Promise<MemberRow> {
  const [row] = await tx
    .select()
    .from(conversationMembers)
    .where(and(eq(conversationMembers.conversationId, conversationId), eq(conversationMembers.userId, userId)))
    .limit(1);
  if (!row) throw notFound('Member');
  return row;
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
