import { and, eq, invitations, sql, type Transaction } from '@rapport/db';
import { appendEvents } from '../../domain/events/append';

/**
 * Marks pending invitations of this activity and person that have lapsed as
 * expired, with their event: the moment someone acts on one is when it is
 * noticed, since nothing runs on a timer. Returns how many it marked.
 */
export async function markLapsed(tx: Transaction, where: { activityId: string; recipientId: string } | { invitationId: string }): Promise<number> {
  const now = new Date();
  const lapsed = await tx
    .update(invitations)
    .set({ status: 'expired', respondedAt: now })
    .where(
      and(
        eq(invitations.status, 'pending'),
        sql`${invitations.expiresAt} <= ${now.toISOString()}`,
        'invitationId' in where
          ? eq(invitations.id, where.invitationId)
          : and(eq(invitations.activityId, where.activityId), eq(invitations.recipientId, where.recipientId)),
      ),
    )
    .returning({ id: invitations.id, activityId: invitations.activityId, senderId: invitations.senderId, recipientId: invitations.recipientId });
  await appendEvents(
    tx,
    lapsed.map((row) => ({
      type: 'invitation.updated' as const,
      audience: [row.senderId, row.recipientId],
      actorId: null,
      payload: { invitationId: row.id, activityId: row.activityId, status: 'expired' as const, byUserId: null, reason: null },
    })),
  );
  return lapsed.length;
}

