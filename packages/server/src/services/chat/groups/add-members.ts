import { conversationMembers, type Transaction } from '@rapport/db';
import type { Deps } from '../../../deps';
import { AppError } from '../../../errors';
import { LIMITS } from '../../../limits';
import { appendEvents } from '../../../realtime/append';
import { writeWithEvents } from '../../../realtime/commit';
import type { ConversationView } from '../../../schemas/chat';
import type { Actor } from '../../auth/sessions';
import { conversationFor } from '../conversation-view';
import { assertInvitable, lockPairsWith, otherUserIds } from './invitees';
import { lockGroup, MEMBERS_FIXED, requireModerator } from './lock-group';
import { existingMemberIds, namesOf, recountMembers } from './members';
import { nameList, postSystemMessage } from './system-message';

export interface AddMembersInput {
  conversationId: string;
  userIds: string[];
}

/**
 * Adds people to a group. Safe to retry: who is already a member is skipped,
 * and a call that adds nobody changes nothing. The size cap is checked under
 * the conversation lock against a count kept exact in the same transactions,
 * so concurrent adds can never pass it together.
 */
export async function addMembers(deps: Deps, actor: Actor, input: AddMembersInput): Promise<ConversationView> {
  const me = actor.userId;
  await writeWithEvents(deps, (tx) => add(tx, me, input));
  return conversationFor(deps.db, input.conversationId, me);
}

async function add(tx: Transaction, me: string, input: AddMembersInput): Promise<void> {
  const requested = otherUserIds(me, input.userIds);
  // Pair locks before the conversation lock: the order every pair-lock holder uses.
  await lockPairsWith(tx, me, requested);
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
  const names = await namesOf(tx, [me, ...joining]);
  await postSystemMessage(tx, {
    conversationId: conversation.id,
    actorId: me,
    body: `${names.get(me) ?? 'Someone'} added ${nameList(joining.map((id) => names.get(id) ?? 'someone'))}`,
    metadata: { event: 'members_added', userIds: joining, byUserId: me },
  });
}

function capReached(count: number, room: number): AppError {
  const cap = `A group can have at most ${LIMITS.groupMembers} members`;
  if (room <= 0) return new AppError('CONFLICT', `${cap} and this one is full. Remove someone to make room.`);
  return new AppError('CONFLICT', `${cap} and this one has ${count}: add at most ${room} more.`);
}
