import { and, conversationMembers, eq, type Transaction } from '@rapport/db';
import type { Deps } from '../../../deps';
import { AppError } from '../../../errors';
import { appendEvents } from '../../../realtime/append';
import { writeWithEvents } from '../../../realtime/commit';
import type { ConversationView } from '../../../schemas/chat';
import type { Actor } from '../../auth/sessions';
import { conversationFor } from '../conversation-view';
import { lockGroup, MEMBERS_FIXED, requireOwner } from './lock-group';
import { memberOf, namesOf } from './members';
import { postSystemMessage } from './system-message';

export interface TransferOwnershipInput {
  conversationId: string;
  userId: string;
}

/** The owner hands the group to another member and stays on as an admin. */
export async function transferOwnership(deps: Deps, actor: Actor, input: TransferOwnershipInput): Promise<ConversationView> {
  const me = actor.userId;
  await writeWithEvents(deps, (tx) => transfer(tx, me, input));
  return conversationFor(deps.db, input.conversationId, me);
}

async function transfer(tx: Transaction, me: string, input: TransferOwnershipInput): Promise<void> {
  const { conversation, member } = await lockGroup(tx, input.conversationId, me, MEMBERS_FIXED);
  requireOwner(member, 'transfer ownership');
  if (input.userId === me) throw new AppError('BAD_REQUEST', 'You already own this group.');
  const target = await memberOf(tx, conversation.id, input.userId);
  const row = (userId: string) => and(eq(conversationMembers.conversationId, conversation.id), eq(conversationMembers.userId, userId));
  // Demote first: the one-owner index would refuse two owners even for a moment.
  await tx.update(conversationMembers).set({ role: 'admin' }).where(row(me));
  await tx.update(conversationMembers).set({ role: 'owner' }).where(row(target.userId));
  await appendEvents(tx, [
    { type: 'member.role_changed', conversationId: conversation.id, actorId: me, payload: { userId: target.userId, role: 'owner', byUserId: me } },
    { type: 'member.role_changed', conversationId: conversation.id, actorId: me, payload: { userId: me, role: 'admin', byUserId: me } },
  ]);
  const names = await namesOf(tx, [me, target.userId]);
  await postSystemMessage(tx, {
    conversationId: conversation.id,
    actorId: me,
    body: `${names.get(me) ?? 'Someone'} made ${names.get(target.userId) ?? 'someone'} the owner`,
    metadata: { event: 'ownership_transferred', userId: target.userId, byUserId: me },
  });
}
