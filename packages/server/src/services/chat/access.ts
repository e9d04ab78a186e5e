import { and, conversationMembers, conversations, eq, sql, type Executor, type SQL, type Transaction } from '@rapport/db';
import { blockedEitherWay } from '../../domain/blocks';
import { lockConversation } from '../../domain/locks';
import { AppError, notFound } from '../../errors';

// Who may do what in a conversation: membership, the block that closes a
// direct conversation, and the roles that run a group.

export type ConversationRow = typeof conversations.$inferSelect;
export type MemberRow = typeof conversationMembers.$inferSelect;

/**
 * The conversation and the actor's membership, in one query: a stranger's id
 * and an id that does not exist give the same NOT_FOUND (docs/ARCHITECTURE.md,
 * "Invariants"). With `lock`, the conversation is locked first (see
 * lockConversation) and the read that follows, a new statement, sees what the
 * lock waited for.
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

/** The SQL form of "this user is a member of conversation c", for guards in one-statement writes. */
export const isMemberOf = (conversation: SQL, userId: string) =>
  sql`exists (select 1 from conversation_members gm where gm.conversation_id = ${conversation} and gm.user_id = ${userId})`;

/** A direct conversation whose two people block each other (either way) is closed to both. */
export const directNotBlocked = sql`(c.kind <> 'direct' or not ${blockedEitherWay(sql`c.direct_low_id`, sql`c.direct_high_id`)})`;

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
  if (member.role !== 'owner' && member.role !== 'admin') throw new AppError('FORBIDDEN', `Only the group's owner and admins can ${action}.`);
}

export function requireOwner(member: MemberRow, action: string): void {
  if (member.role !== 'owner') throw new AppError('FORBIDDEN', `Only the group's owner can ${action}.`);
}
