import { conversations, eq, sql, type Database } from '@rapport/db';
import { appendEvents } from '../../../domain/events/append';
import type { Publisher } from '../../../domain/events/publisher';
import type { Actor } from '../../../domain/sessions';
import { usersById } from '../../../domain/users';
import type { ConversationView, UpdateGroupInput } from '../../../schemas/chat/conversations';
import { lockGroup, requireModerator } from '../access';
import { changeGroup } from './change';
import { postSystemMessage } from './system-message';

/** Renames a group or changes its description; asking for what is already there changes nothing and says nothing. */
export async function updateGroup(db: Database, actor: Actor, input: UpdateGroupInput, { events }: { events: Publisher }): Promise<ConversationView> {
  return changeGroup(db, actor, input.conversationId, events, async (tx, me) => {
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
    const name = (await usersById(tx, [me])).get(me)?.name ?? 'Someone';
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
  });
}
