import { and, conversationMembers, conversations, eq, type Transaction } from '@rapport/db';
import type { Deps } from '../../../deps';
import { appendEvents } from '../../../realtime/append';
import { writeWithEvents } from '../../../realtime/commit';
import type { ConversationView } from '../../../schemas/chat';
import type { Actor } from '../../auth/sessions';
import { conversationFor } from '../conversation-view';
import { assertInvitable, lockPairsWith, otherUserIds } from './invitees';
import { namesOf } from './members';
import { postSystemMessage } from './system-message';

export interface CreateGroupInput {
  title: string;
  /** An empty description is stored as none. */
  description?: string | null | undefined;
  memberIds: string[];
  /** Makes the call safe to retry: the same key returns the group the first call created. */
  clientKey?: string | undefined;
}

/**
 * A new group with the actor as its owner. One user who does not exist or
 * who is blocked either way refuses the whole call: a group silently missing
 * someone would be a surprise, and naming them would reveal a block.
 */
export async function createGroup(deps: Deps, actor: Actor, input: CreateGroupInput): Promise<ConversationView> {
  const me = actor.userId;
  const others = otherUserIds(me, input.memberIds);
  const id = await writeWithEvents(deps, (tx) => create(tx, me, others, input));
  return conversationFor(deps.db, id, me);
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
  await lockPairsWith(tx, me, others);
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
  const names = await namesOf(tx, [me]);
  await postSystemMessage(tx, {
    conversationId,
    actorId: me,
    body: `${names.get(me) ?? 'Someone'} created the group`,
    metadata: { event: 'group_created', byUserId: me, title: input.title, userIds: others },
  });
  return conversationId;
}
