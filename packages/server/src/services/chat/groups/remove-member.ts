import { conversationMembers, type Database } from '@rapport/db';
import { appendEvents } from '../../../domain/events/append';
import type { Publisher } from '../../../domain/events/publisher';
import type { Actor } from '../../../domain/sessions';
import { usersById } from '../../../domain/users';
import { AppError } from '../../../errors';
import type { ConversationView, MemberInput } from '../../../schemas/chat/conversations';
import { notifyRemovedFromGroup } from '../../notifications/causes';
import { requireModerator } from '../access';
import { changeGroup } from './change';
import { lockMemberChange, memberRow, recountMembers } from './members';
import { postSystemMessage } from './system-message';

/**
 * Removes someone from a group: the owner may remove anyone else, an admin
 * only plain members. The removed user is told through the event's explicit
 * audience, since they are no longer a member when it is delivered, and from
 * that moment nothing else of the conversation reaches them.
 */
export async function removeMember(db: Database, actor: Actor, input: MemberInput, { events }: { events: Publisher }): Promise<ConversationView> {
  return changeGroup(db, actor, input.conversationId, events, async (tx, me) => {
    const { conversation, member, target } = await lockMemberChange(tx, me, input, {
      permit: (m) => requireModerator(m, 'remove members'),
      self: 'To take yourself out of the group, leave it.',
    });
    if (member.role === 'admin' && target.role !== 'member') {
      throw new AppError('FORBIDDEN', 'Admins can remove plain members only; ask the owner to remove an admin.');
    }
    await tx.delete(conversationMembers).where(memberRow(conversation.id, target.userId));
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
    const people = await usersById(tx, [me, target.userId]);
    await postSystemMessage(tx, {
      conversationId: conversation.id,
      actorId: me,
      body: `${people.get(me)?.name ?? 'Someone'} removed ${people.get(target.userId)?.name ?? 'someone'}`,
      metadata: { event: 'member_removed', userId: target.userId, byUserId: me },
    });
    await notifyRemovedFromGroup(tx, {
      conversationId: conversation.id,
      by: { id: me, name: people.get(me)?.name ?? 'Someone' },
      userId: target.userId,
      groupTitle: conversation.title,
    });
  });
}
