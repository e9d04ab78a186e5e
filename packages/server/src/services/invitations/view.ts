import { activities, alias, eq, inArray, invitations, users, type Executor } from '@rapport/db';
import type { InvitationView } from '../../schemas/invitations';

export type InvitationRow = typeof invitations.$inferSelect;

const recipients = alias(users, 'recipient');

/**
 * The status a person sees: a pending invitation past its expiry is expired,
 * whether or not anyone has answered it since (nothing runs on a timer).
 */
export function statusNow(row: Pick<InvitationRow, 'status' | 'expiresAt'>, now = Date.now()): InvitationView['status'] {
  return row.status === 'pending' && row.expiresAt.getTime() <= now ? 'expired' : row.status;
}

/** The invitations by id, in the order of `ids`. */
export async function invitationViews(db: Executor, ids: readonly string[]): Promise<InvitationView[]> {
  if (ids.length === 0) return [];
  const rows = await db
    .select({
      invitation: invitations,
      activity: { id: activities.id, title: activities.title, locationLabel: activities.locationLabel, startsAt: activities.startsAt, endsAt: activities.endsAt, status: activities.status },
      sender: { id: users.id, name: users.name, avatarUrl: users.avatarUrl },
      recipient: { id: recipients.id, name: recipients.name, avatarUrl: recipients.avatarUrl },
    })
    .from(invitations)
    .innerJoin(activities, eq(activities.id, invitations.activityId))
    .innerJoin(users, eq(users.id, invitations.senderId))
    .innerJoin(recipients, eq(recipients.id, invitations.recipientId))
    .where(inArray(invitations.id, [...ids]));
  const byId = new Map(rows.map((row) => [row.invitation.id, row]));
  const now = Date.now();
  return ids.flatMap((id) => {
    const row = byId.get(id);
    if (row === undefined) return [];
    const i = row.invitation;
    return [
      {
        id: i.id,
        activity: { ...row.activity, startsAt: row.activity.startsAt.toISOString(), endsAt: row.activity.endsAt.toISOString() },
        sender: row.sender,
        recipient: row.recipient,
        message: i.message,
        question: i.question,
        status: statusNow(i, now),
        reason: i.reason,
        expiresAt: i.expiresAt.toISOString(),
        createdAt: i.createdAt.toISOString(),
        respondedAt: i.respondedAt?.toISOString() ?? null,
        conversationId: i.conversationId,
        messageId: i.messageId,
      },
    ];
  });
}

export async function invitationView(db: Executor, id: string): Promise<InvitationView> {
  const [view] = await invitationViews(db, [id]);
  if (view === undefined) throw new Error(`invitation ${id} vanished`);
  return view;
}
