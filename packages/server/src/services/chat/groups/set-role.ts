import { conversationMembers, type Database } from '@rapport/db';
import { appendEvents } from '../../../domain/events/append';
import type { Publisher } from '../../../domain/events/publisher';
import type { Actor } from '../../../domain/sessions';
import { usersById } from '../../../domain/users';
import type { ConversationView, SetRoleInput } from '../../../schemas/chat/conversations';
import { requireOwner } from '../access';
import { changeGroup } from './change';
import { lockMemberChange, memberRow } from './members';
import { postSystemMessage } from './system-message';

/** The owner makes a member an admin or an admin a plain member; giving the role someone has changes nothing. */
export async function setRole(db: Database, actor: Actor, input: SetRoleInput, { events }: { events: Publisher }): Promise<ConversationView> {
  return changeGroup(db, actor, input.conversationId, events, async (tx, me) => {
    const { conversation, target } = await lockMemberChange(tx, me, input, {
      permit: (m) => requireOwner(m, "change members' roles"),
      self: 'You own this group; transfer ownership to someone else to change your own role.',
    });
    if (target.role === input.role) return;
    await tx.update(conversationMembers).set({ role: input.role }).where(memberRow(conversation.id, target.userId));
    await appendEvents(tx, [
      { type: 'member.role_changed', conversationId: conversation.id, actorId: me, payload: { userId: target.userId, role: input.role, byUserId: me } },
    ]);
    const people = await usersById(tx, [me, target.userId]);
    const who = people.get(target.userId)?.name ?? 'someone';
    await postSystemMessage(tx, {
      conversationId: conversation.id,
      actorId: me,
      body: `${people.get(me)?.name ?? 'Someone'} ${input.role === 'admin' ? `made ${who} an admin` : `made ${who} a member instead of an admin`}`,
      metadata: { event: 'role_changed', userId: target.userId, role: input.role, byUserId: me },
    });
  });
}
