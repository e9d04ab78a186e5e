import { asc, conversationMembers, conversations, desc, eq, sql, type Database, type Transaction } from '@rapport/db';
import { appendEvents } from '../../../domain/events/append';
import { writeWithEvents, type Publisher } from '../../../domain/events/publisher';
import type { Actor } from '../../../domain/sessions';
import { usersById } from '../../../domain/users';
import type { ConversationIdInput, LeaveResult } from '../../../schemas/chat/conversations';
import { lockGroup } from '../access';
import { memberRow, recountMembers } from './members';
import { postSystemMessage } from './system-message';

/**
 * Leaves a group. An owner who leaves hands the group on, in the same
 * transaction, to the longest-standing admin, or failing one the
 * longest-standing member, so a group with people in it always has an owner.
 * The last one out deletes the group: nobody could ever reach it again (only
 * members can add members), so keeping it would keep messages no one may read.
 */
export async function leaveGroup(db: Database, actor: Actor, input: ConversationIdInput, { events }: { events: Publisher }): Promise<LeaveResult> {
  return writeWithEvents(db, events, (tx) => leave(tx, actor.userId, input.conversationId));
}

async function leave(tx: Transaction, me: string, conversationId: string): Promise<LeaveResult> {
  const { member } = await lockGroup(tx, conversationId, me, 'You cannot leave a direct conversation; archive it instead.');
  const people = await usersById(tx, [me]);
  await tx.delete(conversationMembers).where(memberRow(conversationId, me));
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
  const name = people.get(me)?.name ?? 'Someone';
  const newOwnerName = newOwnerId === null ? null : ((await usersById(tx, [newOwnerId])).get(newOwnerId)?.name ?? 'someone');
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
  await tx.update(conversationMembers).set({ role: 'owner' }).where(memberRow(conversationId, heir.userId));
  return heir.userId;
}
