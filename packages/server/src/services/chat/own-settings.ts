import { and, conversationMembers, eq, sql, type Database, type SQL } from '@rapport/db';
import type { Actor } from '../../domain/sessions';
import { notFound } from '../../errors';
import type { ConversationIdInput, ConversationView, MuteInput } from '../../schemas/chat/conversations';
import { conversationFor } from './conversation-view';

// A member's own settings for a conversation, direct or group: mute and archive.

interface OwnSettings {
  muted?: boolean;
  mutedUntil?: Date | null;
  archivedAt?: Date | SQL | null;
}

/** Mutes a conversation for the actor, for a while or until unmuted; muting again replaces the end time. */
export function mute(db: Database, actor: Actor, input: MuteInput): Promise<ConversationView> {
  const mutedUntil = input.until == null ? null : new Date(input.until);
  return updateOwnMembership(db, input.conversationId, actor.userId, { muted: true, mutedUntil });
}

export function unmute(db: Database, actor: Actor, input: ConversationIdInput): Promise<ConversationView> {
  return updateOwnMembership(db, input.conversationId, actor.userId, { muted: false, mutedUntil: null });
}

/**
 * Moves a conversation out of the actor's default list (chat.list shows it
 * with archived: true). Archiving again keeps the first time it was archived.
 */
export function archive(db: Database, actor: Actor, input: ConversationIdInput): Promise<ConversationView> {
  return updateOwnMembership(db, input.conversationId, actor.userId, {
    archivedAt: sql`coalesce(${sql.identifier('archived_at')}, now())`,
  });
}

export function unarchive(db: Database, actor: Actor, input: ConversationIdInput): Promise<ConversationView> {
  return updateOwnMembership(db, input.conversationId, actor.userId, { archivedAt: null });
}

/**
 * The update is the authorisation: it matches only the actor's membership
 * row, so a stranger's id changes nothing and is NOT_FOUND. These settings
 * concern nobody else, so no event is written and no other member hears of them.
 */
async function updateOwnMembership(db: Database, conversationId: string, me: string, set: OwnSettings): Promise<ConversationView> {
  const updated = await db
    .update(conversationMembers)
    .set(set)
    .where(and(eq(conversationMembers.conversationId, conversationId), eq(conversationMembers.userId, me)))
    .returning({ conversationId: conversationMembers.conversationId });
  if (updated.length === 0) throw notFound('Conversation');
  return conversationFor(db, conversationId, me);
}
