import { and, conversationMembers, eq, type Database, type Transaction } from '@rapport/db';
import { appendEvents } from '../../../domain/events/append';
import { writeWithEvents, type Publisher } from '../../../domain/events/publisher';
import type { Actor } from '../../../domain/sessions';
import { usersById } from '../../../domain/users';
import { AppError } from '../../../errors';
import type { ConversationView, SetRoleInput } from '../../../schemas/chat/conversations';
import { lockGroup, MEMBERS_FIXED, requireOwner } from '../access';
import { conversationFor } from '../conversation-view';
import { memberOf } from './members';
import { postSystemMessage } from './system-message';

/** The owner makes a member an admin or an admin a plain member; giving the role someone has changes nothing. */
export async function setRole(
  db: Database,
  actor: Actor,
  input: SetRoleInput,
  { events }: { events: Publisher },
): Promise<ConversationView> {
  const me = actor.userId;
  await writeWithEvents(db, events, (tx) => apply(tx, me, input));
  return conversationFor(db, input.conversationId, me);
}

async function apply(tx: Transaction, me: string, input: SetRoleInput): Promise<void> {
  const { conversation, member } = await lockGroup(tx, input.conversationId, me, MEMBERS_FIXED);
  requireOwner(member, "change members' roles");
  if (input.userId === me) throw new AppError('BAD_REQUEST', 'You own this group; transfer ownership to someone else to change your own role.');
  const target = await memberOf(tx, conversation.id, input.userId);
  if (target.role === input.role) return;
  await tx
    .update(conversationMembers)
    .set({ role: input.role })
    .where(and(eq(conversationMembers.conversationId, conversation.id), eq(conversationMembers.userId, target.userId)));
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
}
