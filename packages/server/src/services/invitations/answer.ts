import { activities, and, eq, invitations, or, sql, type Database, type Transaction } from '@rapport/db';
import { blockedEitherWay } from '../../domain/blocks';
import { appendEvents } from '../../domain/events/append';
import { writeWithEvents, type Publisher } from '../../domain/events/publisher';
import { lockActivity, lockPairs } from '../../domain/locks';
import type { Actor } from '../../domain/sessions';
import { AppError, notFound } from '../../errors';
import type { AcceptResult, DeclineInvitationInput, InvitationCard, InvitationRefInput, InvitationView } from '../../schemas/invitations';
import { blockedWithHost, requireOpen } from '../activities/access';
import { seatOf, takeSeat, type Seat } from '../activities/seats';
import { insertMessage } from '../chat/insert-message';
import { notifyInvitationAnswered } from '../notifications/causes';
import { directBetween } from '../chat/open-direct';
import { markLapsed } from './expire';
import { statusNow, invitationView, type InvitationRow } from './view';

type Answer = 'accepted' | 'declined' | 'cancelled';

/** What a transaction found: done (with a value), or lapsed, which is said only after the expiry is committed. */
type Outcome<T> = { done: T } | { lapsedAt: Date };

/**
 * The invitation, to its sender or recipient, unless they block each other;
 * anyone else, and either of them across a block, gets "not found".
 */
async function ownInvitation(db: Database | Transaction, me: string, invitationId: string): Promise<InvitationRow> {
  const [row] = await db
    .select()
    .from(invitations)
    .where(
      and(
        eq(invitations.id, invitationId),
        or(eq(invitations.senderId, me), eq(invitations.recipientId, me)),
        sql`not ${blockedEitherWay(invitations.senderId, invitations.recipientId)}`,
      ),
    )
    .limit(1);
  if (!row) throw notFound('Invitation');
  return row;
}

/**
 * Runs an answer under the pair locks of the two people and of the
 * recipient and the host (the ones a block and a send take), then the
 * activity's: every answer to one invitation is serialised, so of an accept
 * and a cancel racing, one wins and the other finds it answered.
 */
async function answering<T>(
  db: Database,
  events: Publisher,
  me: string,
  invitationId: string,
  work: (tx: Transaction, invitation: InvitationRow) => Promise<T>,
): Promise<T> {
  const seen = await ownInvitation(db, me, invitationId);
  const [activity] = await db.select({ hostId: activities.hostId }).from(activities).where(eq(activities.id, seen.activityId));
  if (!activity) throw notFound('Invitation');
  return writeWithEvents(db, events, async (tx) => {
    await lockPairs(tx, [
      [seen.senderId, seen.recipientId],
      ...(activity.hostId === seen.recipientId ? [] : [[seen.recipientId, activity.hostId] as const]),
    ]);
    await lockActivity(tx, seen.activityId);
    return work(tx, await ownInvitation(tx, me, invitationId));
  });
}

/** After the transaction: a lapsed invitation is a CONFLICT saying when it lapsed. */
function settled<T>(outcome: Outcome<T>): T {
  if ('done' in outcome) return outcome.done;
  throw new AppError('CONFLICT', `This invitation expired at ${outcome.lapsedAt.toISOString()} and can no longer be answered.`, { reason: 'INVITATION_EXPIRED' });
}

/**
 * A lapsed invitation, marked now if nobody had yet (with its event), or
 * marked before: the answer is refused, saying when it expired. Null when
 * it has not lapsed.
 */
async function lapsedOutcome(tx: Transaction, invitation: InvitationRow): Promise<{ lapsedAt: Date } | null> {
  if (invitation.status === 'expired') return { lapsedAt: invitation.expiresAt };
  if (statusNow(invitation) !== 'expired') return null;
  await markLapsed(tx, { invitationId: invitation.id });
  return { lapsedAt: invitation.expiresAt };
}

/** Refuses an answer to one that is no longer pending, unless it is the same answer again (returns true then). */
function alreadyAnswered(invitation: InvitationRow, answer: Answer): boolean {
  if (invitation.status === 'pending') return false;
  if (invitation.status === answer) return true;
  throw new AppError('CONFLICT', `This invitation was already ${invitation.status}.`, { reason: 'INVITATION_ANSWERED' });
}

async function recordAnswer(tx: Transaction, invitation: InvitationRow, answer: Answer, byUserId: string, reason: string | null, card?: { conversationId: string; messageId: string }) {
  const [updated] = await tx
    .update(invitations)
    .set({ status: answer, reason, respondedAt: new Date(), ...(card ?? {}) })
    .where(and(eq(invitations.id, invitation.id), eq(invitations.status, 'pending')))
    .returning({ id: invitations.id });
  if (!updated) throw new Error(`invitation ${invitation.id} changed under its locks`);
  await appendEvents(tx, [
    {
      type: 'invitation.updated',
      audience: [invitation.senderId, invitation.recipientId],
      actorId: byUserId,
      payload: { invitationId: invitation.id, activityId: invitation.activityId, status: answer, byUserId, reason },
    },
  ]);
  if (answer !== 'cancelled') await notifyInvitationAnswered(tx, { invitation, answer, reason });
}

/**
 * The recipient accepts: a seat at the activity, or a place in line when it
 * is full (the answer says which), and a card in the direct conversation with
 * the sender. Accepting again returns where they are.
 */
export async function acceptInvitation(db: Database, actor: Actor, input: InvitationRefInput, { events }: { events: Publisher }): Promise<AcceptResult> {
  const me = actor.userId;
  const seat = settled(
    await answering(db, events, me, input.invitationId, async (tx, invitation): Promise<Outcome<Seat>> => {
      if (invitation.recipientId !== me) throw new AppError('FORBIDDEN', 'Only the person invited can accept this invitation.');
      const lapsed = await lapsedOutcome(tx, invitation);
      if (lapsed) return lapsed;
      if (alreadyAnswered(invitation, 'accepted')) return { done: (await seatOf(tx, invitation.activityId, me)) ?? { status: 'participant', waitlistPosition: null } };
      const [activity] = await tx.select().from(activities).where(eq(activities.id, invitation.activityId));
      if (!activity) throw notFound('Invitation');
      if (await blockedWithHost(tx, activity.hostId, me)) throw notFound('Invitation');
      requireOpen(activity, 'join');
      const taken = await takeSeat(tx, activity, me, me);
      const conversationId = await directBetween(tx, invitation.senderId, me);
      const card: InvitationCard = {
        invitationId: invitation.id,
        activityId: activity.id,
        title: activity.title,
        locationLabel: activity.locationLabel,
        startsAt: activity.startsAt.toISOString(),
        senderId: invitation.senderId,
        recipientId: me,
        message: invitation.message,
        question: invitation.question,
        status: 'accepted',
        seat: taken.status,
      };
      const message = await insertMessage(tx, {
        conversationId,
        senderId: invitation.senderId,
        actorId: me,
        kind: 'invitation',
        body: invitation.question ?? `Invitation: ${activity.title}`,
        attachments: [],
        location: null,
        metadata: card,
        replyToId: null,
        clientKey: null,
        // The pair lock is held and blocks were checked under it.
        guard: sql`true`,
      });
      if (message === null) throw new Error(`invitation card for ${invitation.id} was not written`);
      await recordAnswer(tx, invitation, 'accepted', me, null, { conversationId, messageId: message.id });
      return { done: taken };
    }),
  );
  return { invitation: await invitationView(db, input.invitationId), seat: { status: seat.status, waitlistPosition: seat.waitlistPosition } };
}

/** The recipient says no, with a reason if they like. Declining again returns it. */
export async function declineInvitation(db: Database, actor: Actor, input: DeclineInvitationInput, { events }: { events: Publisher }): Promise<InvitationView> {
  const me = actor.userId;
  settled(
    await answering(db, events, me, input.invitationId, async (tx, invitation): Promise<Outcome<null>> => {
      if (invitation.recipientId !== me) throw new AppError('FORBIDDEN', 'Only the person invited can decline this invitation; the sender cancels it.');
      const lapsed = await lapsedOutcome(tx, invitation);
      if (lapsed) return lapsed;
      if (alreadyAnswered(invitation, 'declined')) return { done: null };
      await recordAnswer(tx, invitation, 'declined', me, input.reason ?? null);
      return { done: null };
    }),
  );
  return invitationView(db, input.invitationId);
}

/** The sender takes it back while it is pending. Cancelling again returns it. */
export async function cancelInvitation(db: Database, actor: Actor, input: InvitationRefInput, { events }: { events: Publisher }): Promise<InvitationView> {
  const me = actor.userId;
  settled(
    await answering(db, events, me, input.invitationId, async (tx, invitation): Promise<Outcome<null>> => {
      if (invitation.senderId !== me) throw new AppError('FORBIDDEN', 'Only the person who sent this invitation can cancel it; decline it instead.');
      const lapsed = await lapsedOutcome(tx, invitation);
      if (lapsed) return lapsed;
      if (alreadyAnswered(invitation, 'cancelled')) return { done: null };
      await recordAnswer(tx, invitation, 'cancelled', me, null);
      return { done: null };
    }),
  );
  return invitationView(db, input.invitationId);
}
