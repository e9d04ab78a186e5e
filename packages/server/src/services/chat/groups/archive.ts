import { sql } from '@rapport/db';
import type { Deps } from '../../../deps';
import type { ConversationView } from '../../../schemas/chat';
import type { Actor } from '../../auth/sessions';
import { updateOwnMembership } from './own-membership';

/**
 * Moves a conversation out of the actor's default list (chat.list shows it
 * with archived: true). Archiving again keeps the first time it was archived.
 */
export function archive(deps: Deps, actor: Actor, input: { conversationId: string }): Promise<ConversationView> {
  return updateOwnMembership(deps.db, input.conversationId, actor.userId, {
    archivedAt: sql`coalesce(${sql.identifier('archived_at')}, now())`,
  });
}

export function unarchive(deps: Deps, actor: Actor, input: { conversationId: string }): Promise<ConversationView> {
  return updateOwnMembership(deps.db, input.conversationId, actor.userId, { archivedAt: null });
}
