import { conversations, eq, sql, type Transaction } from '@rapport/db';
import type { Deps } from '../../../deps';
import { appendEvents } from '../../../realtime/append';
import { writeWithEvents } from '../../../realtime/commit';
import type { ConversationView } from '../../../schemas/chat';
import type { Actor } from '../../auth/sessions';
import { conversationFor } from '../conversation-view';
import { lockGroup, requireModerator } from './lock-group';
import { namesOf } from './members';
import { postSystemMessage } from './system-message';

export interface UpdateGroupInput {
  conversationId: string;
  title?: string | undefined;
  /** An empty string or null clears the description. */
  description?: string | null | undefined;
}

/** Renames a group or changes its description; asking for what is already there changes nothing and says nothing. */
export async function updateGroup(deps: Deps, actor: Actor, input: UpdateGroupInput): Promise<ConversationView> {
  const me = actor.userId;
  await writeWithEvents(deps, (tx) => update(tx, me, input));
  return conversationFor(deps.db, input.conversationId, me);
}

async function update(tx: Transaction, me: string, input: UpdateGroupInput): Promise<void> {
  const { conversation, member } = await lockGroup(tx, input.conversationId, me, 'A direct conversation has no title.');
  requireModerator(member, "change the group's title and description");
  const title = input.title ?? conversation.title;
  const description = input.description === undefined ? conversation.description : input.description || null;
  const titleChanged = title !== conversation.title;
  const descriptionChanged = description !== conversation.description;
  if (!titleChanged && !descriptionChanged) return;
  await tx.update(conversations).set({ title, description, updatedAt: sql`now()` }).where(eq(conversations.id, conversation.id));
  await appendEvents(tx, [
    { type: 'conversation.updated', conversationId: conversation.id, actorId: me, payload: { title, description, byUserId: me } },
  ]);
  const name = (await namesOf(tx, [me])).get(me) ?? 'Someone';
  const changes = [
    ...(titleChanged ? [`renamed the group “${title ?? ''}”`] : []),
    ...(descriptionChanged ? [description === null ? 'removed the group description' : 'changed the group description'] : []),
  ];
  await postSystemMessage(tx, {
    conversationId: conversation.id,
    actorId: me,
    body: `${name} ${changes.join(' and ')}`,
    metadata: {
      event: 'group_updated',
      byUserId: me,
      ...(titleChanged ? { title } : {}),
      ...(descriptionChanged ? { description } : {}),
    },
  });
}
