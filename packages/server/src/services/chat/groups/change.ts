import type { Database, Transaction } from '@rapport/db';
import { writeWithEvents, type Publisher } from '../../../domain/events/publisher';
import type { Actor } from '../../../domain/sessions';
import type { ConversationView } from '../../../schemas/chat/conversations';
import { conversationFor } from '../conversation-view';

/**
 * Runs one change to a group in its own transaction and answers with the
 * group as the actor sees it once the change has committed: the view is read
 * after the commit, outside the conversation lock.
 */
export async function changeGroup(
  db: Database,
  actor: Actor,
  conversationId: string,
  events: Publisher,
  change: (tx: Transaction, me: string) => Promise<void>,
): Promise<ConversationView> {
  const me = actor.userId;
  await writeWithEvents(db, events, (tx) => change(tx, me));
  return conversationFor(db, conversationId, me);
}
