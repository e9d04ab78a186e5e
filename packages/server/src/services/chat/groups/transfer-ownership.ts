import { conversationMembers, type Database } from '@rapport/db';
import { appendEvents } from '../../../domain/events/append';
import type { Publisher } from '../../../domain/events/publisher';
import type { Actor } from '../../../domain/sessions';
import { usersById } from '../../../domain/users';
import type { ConversationView, MemberInput } from '../../../schemas/chat/conversations';
import { requireOwner } from '../access';
import { changeGroup } from './change';
import { lockMemberChange, memberRow } from './members';
import { postSystemMessage } from './system-message';

/** The owner hands the group to another member and stays on as an admin. */
export async function transferOwnership(db: Database, actor: Actor, input: MemberInput, { events }: { events: Publisher }): Promise<ConversationView> {
  return changeGroup(db, actor, input.conversationId, events, async (tx, me) => {
    const { conversation, target } = await lockMemberChange(tx, me, input, {
      permit: (m) => requireOwner(m, 'transfer ownership'),
      self: 'You already own this group.',
    });
    // Demote first: the one-owner index would refuse two owners even for a moment.
    await tx.update(conversationMembers).set({ role: 'admin' }).where(memberRow(conversation.id, me));
    await tx.update(conversationMembers).set({ role: 'owner' }).where(memberRow(conversation.id, target.userId));
    await appendEvents(tx, [
      { type: 'member.role_changed', conversationId: conversation.id, actorId: me, payload: { userId: target.userId, role: 'owner', byUserId: me } },
      { type: 'member.role_changed', conversationId: conversation.id, actorId: me, payload: { userId: me, role: 'admin', byUserId: me } },
    ]);
    const people = await usersById(tx, [me, target.userId]);
    await postSystemMessage(tx, {
      conversationId: conversation.id,
      actorId: me,
      body: `${people.get(me)?.name ?? 'Someone'} made ${people.get(target.userId)?.name ?? 'someone'} the owner`,
      metadata: { event: 'ownership_transferred', userId: target.userId, byUserId: me },
    });
  });
}
