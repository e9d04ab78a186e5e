import { and, conversationMembers, eq, type Executor, type SQL } from '@rapport/db';
import { notFound } from '../../../errors';
import type { ConversationView } from '../../../schemas/chat';
import { conversationFor } from '../conversation-view';

interface OwnSettings {
  muted?: boolean;
  mutedUntil?: Date | null;
  archivedAt?: Date | SQL | null;
}

/**
 * Changes the actor's own settings for a conversation. The update is the
 * authorisation: it matches only the actor's membership row, so a stranger's
 * id changes nothing and is NOT_FOUND. These settings concern nobody else, so
 * no event is written and no other member hears of them.
 */
export async function updateOwnMembership(db: Executor, conversationId: string, me: string, set: OwnSettings): Promise<ConversationView> {
  const updated = await db
    .update(conversationMembers)
    .set(set)
    .where(and(eq(conversationMembers.conversationId, conversationId), eq(conversationMembers.userId, me)))
    .returning({ conversationId: conversationMembers.conversationId });
  if (updated.length === 0) throw notFound('Conversation');
  return conversationFor(db, conversationId, me);
}
