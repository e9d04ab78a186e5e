import { and, conversationMembers, eq, type Transaction } from '@rapport/db';
import type { Deps } from '../../../deps';
import { AppError } from '../../../errors';
import { appendEvents } from '../../../realtime/append';
import { writeWithEvents } from '../../../realtime/commit';
import type { ConversationView } from '../../../schemas/chat';
import type { Actor } from '../../auth/sessions';
import { conversationFor } from '../conversation-view';
import { lockGroup, MEMBERS_FIXED, requireModerator } from './lock-group';
import { memberOf, namesOf, recountMembers } from './members';
import { postSystemMessage } from './system-message';

export interface RemoveMemberInput {
  conversationId: string;
  userId: string;
}

/**
 * Removes someone from a group: the owner may remove anyone else, an admin
 * only plain members. The removed user is told through the event's explicit
 * audience, since they are no longer a member when it is delivered, and from
 * that moment nothing else of the conversation reaches them.
 */
export async function removeMember(deps: Deps, actor: Actor, input: RemoveMemberInput): Promise<ConversationView> {
  const me = actor.userId;
  await writeWithEvents(deps, (tx) => remove(tx, me, input));
  return conversationFor(deps.db, input.conversationId, me);
}

async function remove(tx: Transaction, me: string, input: RemoveMemberInput): Promise<void> {
  const { conversation, member } = await lockGroup(tx, input.conversationId, me, MEMBERS_FIXED);
  requireModerator(member, 'remove members');
  if (input.userId === me) throw new AppError('BAD_REQUEST', 'To take yourself out of the group, leave it.');
  const target = await memberOf(tx, conversation.id, input.userId);
  if (member.role === 'admin' && target.role !== 'member') {
    throw new AppError('FORBIDDEN', 'Admins can remove plain members only; ask the owner to remove an admin.');
  }
  await tx
    .delete(conversationMembers)
    .where(and(eq(conversationMembers.conversationId, conversation.id), eq(conversationMembers.userId, target.userId)));
  await recountMembers(tx, conversation.id);
  await appendEvents(tx, [
    {
      type: 'member.removed',
      conversationId: conversation.id,
      audience: [target.userId],
      actorId: me,
      payload: { userId: target.userId, byUserId: me, left: false },
    },
  ]);
  const names = await namesOf(tx, [me, target.userId]);
  await postSystemMessage(tx, {
    conversationId: conversation.id,
    actorId: me,
    body: `${names.get(me) ?? 'Someone'} removed ${names.get(target.userId) ?? 'someone'}`,
    metadata: { event: 'member_removed', userId: target.userId, byUserId: me },
  });
}
