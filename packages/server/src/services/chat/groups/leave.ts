import { and, asc, conversationMembers, conversations, desc, eq, sql, type Transaction } from '@rapport/db';
import type { Deps } from '../../../deps';
import { appendEvents } from '../../../realtime/append';
import { writeWithEvents } from '../../../realtime/commit';
import type { Actor } from '../../auth/sessions';
import { lockGroup } from './lock-group';
import { namesOf, recountMembers } from './members';
import { postSystemMessage } from './system-message';

export interface LeaveResult {
  conversationId: string;
  /** Who owns the group now, when the one leaving owned it and someone is left. */
  newOwnerId: string | null;
  /** True when the last member left and the group was deleted with its history. */
  deleted: boolean;
}

/**
 * Leaves a group. An owner who leaves hands the group on, in the same
 * transaction, to the longest-standing admin, or failing one the
 * longest-standing member, so a group with people in it always has an owner.
 * The last one out deletes the group: nobody could ever reach it again (only
 * members can add members), so keeping it would keep messages no one may read.
 */
export async function leaveGroup(deps: Deps, actor: Actor, input: { conversationId: string }): Promise<LeaveResult> {
  return writeWithEvents(deps, (tx) => leave(tx, actor.userId, input.conversationId));
}

async function leave(tx: Transaction, me: string, conversationId: string): Promise<LeaveResult> {
  const { member } = await lockGroup(tx, conversationId, me, 'You cannot leave a direct conversation; archive it instead.');
  const names = await namesOf(tx, [me]);
  await tx.delete(conversationMembers).where(and(eq(conversationMembers.conversationId, conversationId), eq(conversationMembers.userId, me)));
  const left = {
    type: 'member.removed' as const,
    conversationId,
    audience: [me],
    actorId: me,
    payload: { userId: me, byUserId: me, left: true },
  };
  const remaining = await recountMembers(tx, conversationId);
  if (remaining === 0) {
    await appendEvents(tx, [left]);
    await tx.delete(conversations).where(eq(conversations.id, conversationId));
    return { conversationId, newOwnerId: null, deleted: true };
  }
  const newOwnerId = member.role === 'owner' ? await handOver(tx, conversationId) : null;
  await appendEvents(tx, [
    left,
    ...(newOwnerId === null
      ? []
      : [{ type: 'member.role_changed' as const, conversationId, actorId: me, payload: { userId: newOwnerId, role: 'owner' as const, byUserId: me } }]),
  ]);
  const name = names.get(me) ?? 'Someone';
  const newOwnerName = newOwnerId === null ? null : ((await namesOf(tx, [newOwnerId])).get(newOwnerId) ?? 'someone');
  await postSystemMessage(tx, {
    conversationId,
    actorId: me,
    body: newOwnerName === null ? `${name} left the group` : `${name} left the group; ${newOwnerName} is now the owner`,
    metadata: { event: 'member_left', userId: me, byUserId: me, ...(newOwnerId === null ? {} : { newOwnerId }) },
  });
  return { conversationId, newOwnerId, deleted: false };
}

/** Makes the longest-standing admin, else the longest-standing member, the owner. */
async function handOver(tx: Transaction, conversationId: string): Promise<string> {
  const [heir] = await tx
    .select({ userId: conversationMembers.userId })
    .from(conversationMembers)
    .where(eq(conversationMembers.conversationId, conversationId))
    .orderBy(desc(sql`${conversationMembers.role} = 'admin'`), asc(conversationMembers.joinedAt), asc(conversationMembers.userId))
    .limit(1);
  if (!heir) throw new Error(`group ${conversationId} has members but no heir`);
  await tx
    .update(conversationMembers)
    .set({ role: 'owner' })
    .where(and(eq(conversationMembers.conversationId, conversationId), eq(conversationMembers.userId, heir.userId)));
  return heir.userId;
}
