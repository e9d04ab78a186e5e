import { and, conversationMembers, conversations, eq, type Database, type Transaction } from '@rapport/db';
import { appendEvents } from '../../../domain/events/append';
import { writeWithEvents, type Publisher } from '../../../domain/events/publisher';
import { lockPairs } from '../../../domain/locks';
import type { Actor } from '../../../domain/sessions';
import { usersById } from '../../../domain/users';
import type { ConversationView, CreateGroupInput } from '../../../schemas/chat/conversations';
import { conversationFor } from '../conversation-view';
import { assertInvitable, otherUserIds } from './invitees';
import { postSystemMessage } from './system-message';

/**
 * A new group with the actor as its owner. One user who does not exist or
 * who is blocked either way refuses the whole call: a group silently missing
 * someone would be a surprise, and naming them would reveal a block.
 */
export async function createGroup(db: Database, actor: Actor, input: CreateGroupInput, { events }: { events: Publisher }): Promise<ConversationView> {
  const me = actor.userId;
  const others = otherUserIds(me, input.memberIds);
  const id = await writeWithEvents(db, events, (tx) => create(tx, me, others, input));
  return conversationFor(db, id, me);
}

/** The group an earlier call with this key created (it committed: the unique index waited for it). */
async function firstWithKey(tx: Transaction, me: string, clientKey: string | undefined): Promise<string> {
  if (clientKey === undefined) throw new Error('conversation insert returned no row');
  const [first] = await tx
    .select({ id: conversations.id })
    .from(conversations)
    .where(and(eq(conversations.createdBy, me), eq(conversations.clientKey, clientKey)))
    .limit(1);
  if (!first) throw new Error('the group created with this key has vanished');
  return first.id;
}

async function create(tx: Transaction, me: string, others: string[], input: CreateGroupInput): Promise<string> {
  // membersPerCall is far below groupMembers, so a new group is never over the cap.
  await lockPairs(tx, others.map((other) => [me, other] as const));
  await assertInvitable(tx, me, others);
  const [created] = await tx
    .insert(conversations)
    .values({
      kind: 'group',
      title: input.title,
      description: input.description || null,
      createdBy: me,
      clientKey: input.clientKey ?? null,
      memberCount: others.length + 1,
    })
    .onConflictDoNothing({ target: [conversations.createdBy, conversations.clientKey] })
    .returning({ id: conversations.id });
  if (!created) return firstWithKey(tx, me, input.clientKey);
  const conversationId = created.id;
  await tx.insert(conversationMembers).values([
    { conversationId, userId: me, role: 'owner' as const },
    ...others.map((userId) => ({ conversationId, userId, role: 'member' as const })),
  ]);
  await appendEvents(tx, [
    { type: 'conversation.created', conversationId, actorId: me, payload: { kind: 'group', byUserId: me } },
    { type: 'member.added', conversationId, actorId: me, payload: { userId: me, role: 'owner', byUserId: me } },
    ...others.map((userId) => ({
      type: 'member.added' as const,
      conversationId,
      actorId: me,
      payload: { userId, role: 'member' as const, byUserId: me },
    })),
  ]);
  const people = await usersById(tx, [me]);
  await postSystemMessage(tx, {
    conversationId,
    actorId: me,
    body: `${people.get(me)?.name ?? 'Someone'} created the group`,
    metadata: { event: 'group_created', byUserId: me, title: input.title, userIds: others },
  });
  return conversationId;
}
