import { activityMembers, and, asc, eq, gt, invitations, users, type Database, type Transaction } from '@rapport/db';
import { appendEvents } from '../../domain/events/append';
import { writeWithEvents, type Publisher } from '../../domain/events/publisher';
import { lockInvitationsOf, lockPairs } from '../../domain/locks';
import type { Actor } from '../../domain/sessions';
import { userVisibleTo } from '../../domain/users';
import { AppError, notFound } from '../../errors';
import { LIMITS } from '../../limits';
import type { InvitationView, SendInvitationInput } from '../../schemas/invitations';
import { blockedWithHost, requireOpen, visibleActivity, type ActivityRow } from '../activities/access';
import { notifyInvitationReceived } from '../notifications/causes';
import { markLapsed } from './expire';
import { invitationView } from './view';

const DAY_MS = 86_400_000;

/**
 * Invites someone to an activity the sender hosts or takes part in (to an
 * invite-only one, only the host invites). Under the pair locks of sender and
 * recipient and of recipient and host (the ones a block takes), then the
 * sender's own: the checks below see every earlier invitation and block, and
 * the daily count is exact. The partial unique index holds one pending
 * invitation per person and activity regardless.
 */
export async function sendInvitation(db: Database, actor: Actor, input: SendInvitationInput, { events }: { events: Publisher }): Promise<InvitationView> {
  const me = actor.userId;
  if (input.recipientId === me) throw new AppError('BAD_REQUEST', 'You cannot invite yourself.');
  const seen = await visibleActivity(db, me, input.activityId);
  const id = await writeWithEvents(db, events, async (tx) => {
    await lockPairs(tx, [
      [me, input.recipientId],
      [input.recipientId, seen.hostId],
    ]);
    await lockInvitationsOf(tx, me);
    const activity = await visibleActivity(tx, me, input.activityId);
    requireOpen(activity, 'invite people to');
    await requireInviter(tx, activity, me);
    const recipient = await userVisibleTo(tx, input.recipientId, me);
    if (recipient === null || (await blockedWithHost(tx, activity.hostId, input.recipientId))) throw notFound('User');
    await refuseMember(tx, activity, input.recipientId, recipient.name);
    await markLapsed(tx, { activityId: activity.id, recipientId: input.recipientId });
    await refusePending(tx, activity.id, input.recipientId, recipient.name);
    await requireUnderDailyCap(tx, me);
    const expiresAt = expiryOf(input, activity);
    const [created] = await tx
      .insert(invitations)
      .values({ activityId: activity.id, senderId: me, recipientId: input.recipientId, message: input.message, question: input.question ?? null, expiresAt })
      .returning({ id: invitations.id });
    if (!created) throw new Error('invitation insert returned no row');
    await appendEvents(tx, [
      {
        type: 'invitation.created',
        audience: [me, input.recipientId],
        actorId: me,
        payload: { invitationId: created.id, activityId: activity.id, senderId: me, recipientId: input.recipientId },
      },
    ]);
    await notifyInvitationReceived(tx, { invitationId: created.id, senderId: me, recipientId: input.recipientId, activityTitle: activity.title, message: input.message });
    return created.id;
  });
  return invitationView(db, id);
}

async function requireInviter(tx: Transaction, activity: ActivityRow, me: string): Promise<void> {
  if (activity.hostId === me) return;
  if (activity.visibility === 'invite_only') throw new AppError('FORBIDDEN', 'Only the host invites people to an invite-only activity.');
  const [seat] = await tx
    .select({ status: activityMembers.status })
    .from(activityMembers)
    .where(and(eq(activityMembers.activityId, activity.id), eq(activityMembers.userId, me)));
  if (seat?.status !== 'participant') throw new AppError('FORBIDDEN', 'Take a seat at this activity before you invite others to it.');
}

async function refuseMember(tx: Transaction, activity: ActivityRow, userId: string, name: string): Promise<void> {
  if (activity.hostId === userId) throw new AppError('CONFLICT', `${name} hosts this activity.`);
  const [seat] = await tx
    .select({ status: activityMembers.status })
    .from(activityMembers)
    .where(and(eq(activityMembers.activityId, activity.id), eq(activityMembers.userId, userId)));
  if (seat?.status === 'participant') throw new AppError('CONFLICT', `${name} already takes part in this activity.`, { reason: 'ALREADY_TAKES_PART' });
  if (seat?.status === 'waitlisted') throw new AppError('CONFLICT', `${name} is already in line for a seat at this activity.`, { reason: 'ALREADY_TAKES_PART' });
}

async function refusePending(tx: Transaction, activityId: string, recipientId: string, name: string): Promise<void> {
  const [first] = await tx
    .select({ id: invitations.id, createdAt: invitations.createdAt, senderName: users.name })
    .from(invitations)
    .innerJoin(users, eq(users.id, invitations.senderId))
    .where(and(eq(invitations.activityId, activityId), eq(invitations.recipientId, recipientId), eq(invitations.status, 'pending')))
    .limit(1);
  if (!first) return;
  throw new AppError(
    'CONFLICT',
    `Invitation already sent. ${first.senderName} invited ${name} to this activity on ${first.createdAt.toISOString().slice(0, 10)} (Invitation ID: ${first.id}), and it is still pending.`,
    { reason: 'INVITATION_ALREADY_SENT' },
  );
}

async function requireUnderDailyCap(tx: Transaction, me: string): Promise<void> {
  const since = new Date(Date.now() - DAY_MS);
  const recent = await tx
    .select({ createdAt: invitations.createdAt })
    .from(invitations)
    .where(and(eq(invitations.senderId, me), gt(invitations.createdAt, since)))
    .orderBy(asc(invitations.createdAt))
    .limit(LIMITS.invitationsPerDay);
  const oldest = recent[0];
  if (recent.length < LIMITS.invitationsPerDay || oldest === undefined) return;
  const retryAfterSeconds = Math.max(1, Math.ceil((oldest.createdAt.getTime() + DAY_MS - Date.now()) / 1000));
  throw new AppError('TOO_MANY_REQUESTS', `You can send ${LIMITS.invitationsPerDay} invitations a day. Try again in ${Math.ceil(retryAfterSeconds / 60)} minutes.`, {
    retryAfterSeconds,
  });
}

/** By default, and at the latest, the invitation lapses when the activity starts. */
function expiryOf(input: SendInvitationInput, activity: ActivityRow): Date {
  if (input.expiresAt === undefined) return activity.startsAt;
  const at = new Date(input.expiresAt);
  if (at.getTime() <= Date.now()) throw new AppError('BAD_REQUEST', 'An invitation cannot expire in the past.');
  if (at > activity.startsAt) throw new AppError('BAD_REQUEST', `An invitation expires when the activity starts (${activity.startsAt.toISOString()}) at the latest.`);
  return at;
}

