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

export interface SetRoleInput {
  conversationId: string;
  userId: string;
  role: 'admin' | 'member';
}

/** The owner makes a member an admin or an admin a plain member; giving the role someone has changes nothing. */
export async function setRole(deps: Deps, actor: Actor, input: SetRoleInput): Promise<ConversationView> {
  const me = actor.userId;
  await writeWithEvents(deps, (tx) => apply(tx, me, input));
  return conversationFor(deps.db, input.conversationId, me);
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
  const names = await namesOf(tx, [me, target.userId]);
  const who = names.get(target.userId) ?? 'someone';
  await postSystemMessage(tx, {
    conversationId: conversation.id,
    actorId: me,
    body: `${names.get(me) ?? 'Someone'} ${input.role === 'admin' ? `made ${who} an admin` : `made ${who} a member instead of an admin`}`,
    metadata: { event: 'role_changed', userId: target.userId, role: input.role, byUserId: me },
  });
}
