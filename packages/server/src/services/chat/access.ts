import { and, conversationMembers, conversations, eq, sql, type Executor, type SQL, type Transaction } from '@rapport/db';
import { notFound } from '../../errors';
import { blockedEitherWay } from '../blocks';

export type ConversationRow = typeof conversations.$inferSelect;
export type MemberRow = typeof conversationMembers.$inferSelect;

/**
 * The conversation and the actor's membership, in one query: a stranger's id
 * and an id that does not exist give the same NOT_FOUND (DESIGN.md §3.2).
 * With `lock`, the conversation is locked first (see lockConversation) and
 * the read that follows, a new statement, sees what the lock waited for.
 */
export async function loadMembership(
  db: Executor | Transaction,
  conversationId: string,
  userId: string,
  options: { lock?: boolean } = {},
): Promise<{ conversation: ConversationRow; member: MemberRow }> {
  if (options.lock) await lockConversation(db, conversationId);
  const query = db
    .select({ conversation: conversations, member: conversationMembers })
    .from(conversations)
    .innerJoin(conversationMembers, and(eq(conversationMembers.conversationId, conversations.id), eq(conversationMembers.userId, userId)))
    .where(eq(conversations.id, conversationId))
    .limit(1);
  const [row] = await query;
  if (!row) throw notFound('Conversation');
  return row;
}

/**
 * Serialises every write to one conversation (messages, membership) for the
 * rest of the transaction. An advisory lock, not a row lock, because it does
 * not assign the transaction its id: taken before any write, it makes the
 * order of transaction ids (the event log's order) follow the order in which
 * writers got the lock, which is the order of message seqs. Without that, two
 * concurrent sends could be logged in the opposite order to their seqs.
 * Any transaction that inserts a message must take it before its first write.
 */
export const conversationLock = (conversationId: string | SQL) =>
  sql`pg_advisory_xact_lock(hashtextextended('conversation:' || ${conversationId}::text, 0))`;

export async function lockConversation(db: Executor, conversationId: string): Promise<void> {
  await db.execute(sql`select ${conversationLock(conversationId)}`);
}

/** The SQL form of "this user is a member of conversation c", for guards in one-statement writes. */
export const isMemberOf = (conversation: SQL, userId: string) =>
  sql`exists (select 1 from conversation_members gm where gm.conversation_id = ${conversation} and gm.user_id = ${userId})`;

/** A direct conversation whose two people block each other (either way) is closed to both. */
export const directNotBlocked = sql`(c.kind <> 'direct' or not ${blockedEitherWay(sql`c.direct_low_id`, sql`c.direct_high_id`)})`;

export const canModerate = (member: MemberRow) => member.role === 'owner' || member.role === 'admin';
