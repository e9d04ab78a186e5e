import { conversationMembers, type Database } from '@rapport/db';
import { appendEvents } from '../../../domain/events/append';
import type { Publisher } from '../../../domain/events/publisher';
import { lockPairs } from '../../../domain/locks';
import type { Actor } from '../../../domain/sessions';
import { usersById } from '../../../domain/users';
import { AppError } from '../../../errors';
import { LIMITS } from '../../../limits';
import type { AddMembersInput, ConversationView } from '../../../schemas/chat/conversations';
import { lockGroup, MEMBERS_FIXED, requireModerator } from '../access';
import { changeGroup } from './change';
import { assertInvitable, otherUserIds } from './invitees';
import { existingMemberIds, recountMembers } from './members';
import { nameList, postSystemMessage } from './system-message';

/**
 * Adds people to a group. Safe to retry: who is already a member is skipped,
 * and a call that adds nobody changes nothing. The size cap is checked under
 * the conversation lock against a count kept exact in the same transactions,
 * so concurrent adds can never pass it together.
 */
export async function addMembers(db: Database, actor: Actor, input: AddMembersInput, { events }: { events: Publisher }): Promise<ConversationView> {
  return changeGroup(db, actor, input.conversationId, events, async (tx, me) => {
    const requested = otherUserIds(me, input.userIds);
    // Pair locks before the conversation lock: the order every pair-lock holder uses.
    await lockPairs(tx, requested.map((other) => [me, other] as const));
    const { conversation, member } = await lockGroup(tx, input.conversationId, me, MEMBERS_FIXED);
    requireModerator(member, 'add members');
    const already = await existingMemberIds(tx, conversation.id, requested);
    const joining = requested.filter((id) => !already.has(id));
    if (joining.length === 0) return;
    await assertInvitable(tx, me, joining);
    const room = LIMITS.groupMembers - conversation.memberCount;
    if (joining.length > room) throw capReached(conversation.memberCount, room);
    // A newcomer starts with the history read: their unread count begins at the
    // message that announces them, not at every message sent before they came.
    await tx
      .insert(conversationMembers)
      .values(joining.map((userId) => ({ conversationId: conversation.id, userId, role: 'member' as const, lastReadSeq: conversation.lastSeq })));
    await recountMembers(tx, conversation.id);
    await appendEvents(
      tx,
      joining.map((userId) => ({
        type: 'member.added' as const,
        conversationId: conversation.id,
        actorId: me,
        payload: { userId, role: 'member' as const, byUserId: me },
      })),
    );
    const people = await usersById(tx, [me, ...joining]);
    await postSystemMessage(tx, {
      conversationId: conversation.id,
      actorId: me,
      body: `${people.get(me)?.name ?? 'Someone'} added ${nameList(joining.map((id) => people.get(id)?.name ?? 'someone'))}`,
      metadata: { event: 'members_added', userIds: joining, byUserId: me },
    });
  });
}

function capReached(count: number, room: number): AppError {
  const cap = `A group can have at most ${LIMITS.groupMembers} members`;
  if (room <= 0) return new AppError('CONFLICT', `${cap} and this one is full. Remove someone to make room.`);
  return new AppError('CONFLICT', `${cap} and this one has ${count}: add at most ${room} more.`);
}
