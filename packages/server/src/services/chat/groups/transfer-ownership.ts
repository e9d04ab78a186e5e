import { and, conversationMembers, eq, type Database, type Transaction } from '@rapport/db';
import { appendEvents } from '../../../domain/events/append';
import { writeWithEvents, type Publisher } from '../../../domain/events/publisher';
import type { Actor } from '../../../domain/sessions';
import { usersById } from '../../../domain/users';
import { AppError } from '../../../errors';
import type { ConversationView, MemberInput } from '../../../schemas/chat/conversations';
import { lockGroup, MEMBERS_FIXED, requireOwner } from '../access';
import { conversationFor } from '../conversation-view';
import { memberOf } from './members';
import { postSystemMessage } from './system-message';

/** The owner hands the group to another member and stays on as an admin. */
export async function transferOwnership(
  db: Database,
  actor: Actor,
  input: MemberInput,
  { events }: { events: Publisher },
): Promise<ConversationView> {
  const me = actor.userId;
  await writeWithEvents(db, events, (tx) => transfer(tx, me, input));
  return conversationFor(db, input.conversationId, me);
}

async function transfer(tx: Transaction, me: string, input: MemberInput): Promise<void> {
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
  const people = await usersById(tx, [me, target.userId]);
  await postSystemMessage(tx, {
    conversationId: conversation.id,
    actorId: me,
    body: `${people.get(me)?.name ?? 'Someone'} made ${people.get(target.userId)?.name ?? 'someone'} the owner`,
    metadata: { event: 'ownership_transferred', userId: target.userId, byUserId: me },
  });
}
