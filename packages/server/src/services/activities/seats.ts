import { activities, activityMembers, and, asc, eq, inArray, sql, type Transaction } from '@rapport/db';
import { appendEvents } from '../../domain/events/append';
import { AppError } from '../../errors';
import { LIMITS } from '../../limits';
import { notifyPromoted } from '../notifications/causes';
import type { ActivityRow } from './access';

// Seats and the line, changed only under the activity's lock (lockActivity),
// with the counts on the activity row moved in the same transaction: the
// count checked is the count written, and activities_seats refuses a count
// past capacity should anything get that wrong.

export type Seat = { status: 'participant'; waitlistPosition: null } | { status: 'waitlisted'; waitlistPosition: number };

async function membership(tx: Transaction, activityId: string, userId: string) {
  const [row] = await tx
    .select()
    .from(activityMembers)
    .where(and(eq(activityMembers.activityId, activityId), eq(activityMembers.userId, userId)));
  return row ?? null;
}

async function positionOf(tx: Transaction, activityId: string, queuedAt: Date, userId: string): Promise<number> {
  const [row] = await tx
    .select({ position: sql<string>`count(*)` })
    .from(activityMembers)
    .where(
      and(
        eq(activityMembers.activityId, activityId),
        eq(activityMembers.status, 'waitlisted'),
        sql`(${activityMembers.queuedAt}, ${activityMembers.userId}) <= (${queuedAt.toISOString()}, ${userId})`,
      ),
    );
  return Number(row?.position ?? 0);
}

/** Where `userId` is: a seat, a place in line, or (null) not in the activity. */
export async function seatOf(tx: Transaction, activityId: string, userId: string): Promise<Seat | null> {
  const current = await membership(tx, activityId, userId);
  if (current?.status === 'participant') return { status: 'participant', waitlistPosition: null };
  if (current?.status === 'waitlisted') return { status: 'waitlisted', waitlistPosition: await positionOf(tx, activityId, current.queuedAt, userId) };
  return null;
}

/** Gives `userId` a seat if one is free, else a place in line; where they already are if they are in. */
export async function takeSeat(tx: Transaction, activity: ActivityRow, userId: string, actorId: string): Promise<Seat> {
  const current = await seatOf(tx, activity.id, userId);
  if (current !== null) return current;
  const seated = activity.participantCount < activity.capacity;
  if (!seated && activity.waitlistCount >= LIMITS.activityWaitlist) {
    throw new AppError('CONFLICT', `This activity is full and ${LIMITS.activityWaitlist} people are already waiting for a seat.`);
  }
  const now = new Date();
  await tx.insert(activityMembers).values({
    activityId: activity.id,
    userId,
    status: seated ? 'participant' : 'waitlisted',
    startsAt: activity.startsAt,
    queuedAt: now,
    joinedAt: seated ? now : null,
  });
  await tx
    .update(activities)
    .set(seated ? { participantCount: sql`${activities.participantCount} + 1` } : { waitlistCount: sql`${activities.waitlistCount} + 1` })
    .where(eq(activities.id, activity.id));
  const status = seated ? 'participant' : 'waitlisted';
  await appendEvents(tx, [{ type: 'activity.joined', audience: [activity.hostId, userId], actorId, payload: { activityId: activity.id, userId, status } }]);
  if (seated) return { status: 'participant', waitlistPosition: null };
  // Counted, not assumed last: a join in the same millisecond with a lower
  // user id stands before me in the line's order.
  return { status: 'waitlisted', waitlistPosition: await positionOf(tx, activity.id, now, userId) };
}

/**
 * Takes `userId` out of the activity (a seat or a place in line). A freed
 * seat goes to the first in line, in this same transaction, so the seats
 * never stand empty while someone waits and never exceed capacity. Returns
 * false when they were not in it.
 */
export async function vacateSeat(tx: Transaction, activity: ActivityRow, userId: string, actorId: string, removed: boolean): Promise<boolean> {
  // A cancelled activity has no seats to give: leaving it only takes one out.
  const current = await membership(tx, activity.id, userId);
  if (current === null) return false;
  await tx.delete(activityMembers).where(and(eq(activityMembers.activityId, activity.id), eq(activityMembers.userId, userId)));
  await appendEvents(tx, [{ type: 'activity.left', audience: [activity.hostId, userId], actorId, payload: { activityId: activity.id, userId, removed } }]);
  if (current.status === 'waitlisted' || activity.status === 'cancelled') {
    if (current.status === 'participant') {
      await tx.update(activities).set({ participantCount: sql`${activities.participantCount} - 1` }).where(eq(activities.id, activity.id));
      return true;
    }
    await tx.update(activities).set({ waitlistCount: sql`${activities.waitlistCount} - 1` }).where(eq(activities.id, activity.id));
    return true;
  }
  const [next] = await tx
    .select({ userId: activityMembers.userId })
    .from(activityMembers)
    .where(and(eq(activityMembers.activityId, activity.id), eq(activityMembers.status, 'waitlisted')))
    .orderBy(asc(activityMembers.queuedAt), asc(activityMembers.userId))
    .limit(1);
  if (next === undefined) {
    await tx.update(activities).set({ participantCount: sql`${activities.participantCount} - 1` }).where(eq(activities.id, activity.id));
    return true;
  }
  await tx
    .update(activityMembers)
    .set({ status: 'participant', joinedAt: new Date() })
    .where(and(eq(activityMembers.activityId, activity.id), eq(activityMembers.userId, next.userId)));
  await tx.update(activities).set({ waitlistCount: sql`${activities.waitlistCount} - 1` }).where(eq(activities.id, activity.id));
  await appendEvents(tx, [
    // No actor: a promotion is the line moving, and must reach the promoted
    // person even if they and the one who left block each other.
    { type: 'activity.promoted', audience: [activity.hostId, next.userId], actorId: null, payload: { activityId: activity.id, userId: next.userId } },
  ]);
  await notifyPromoted(tx, activity, [next.userId]);
  return true;
}

/** After a capacity increase: seats the first in line until the seats are full or nobody waits. */
export async function fillFreedSeats(tx: Transaction, activity: ActivityRow): Promise<void> {
  const room = activity.capacity - activity.participantCount;
  if (room <= 0 || activity.waitlistCount === 0) return;
  const promoted = await tx
    .select({ userId: activityMembers.userId })
    .from(activityMembers)
    .where(and(eq(activityMembers.activityId, activity.id), eq(activityMembers.status, 'waitlisted')))
    .orderBy(asc(activityMembers.queuedAt), asc(activityMembers.userId))
    .limit(room);
  if (promoted.length === 0) return;
  const ids = promoted.map((row) => row.userId);
  await tx
    .update(activityMembers)
    .set({ status: 'participant', joinedAt: new Date() })
    .where(and(eq(activityMembers.activityId, activity.id), inArray(activityMembers.userId, ids)));
  await tx
    .update(activities)
    .set({ participantCount: sql`${activities.participantCount} + ${ids.length}`, waitlistCount: sql`${activities.waitlistCount} - ${ids.length}` })
    .where(eq(activities.id, activity.id));
  await appendEvents(
    tx,
    ids.map((userId) => ({ type: 'activity.promoted' as const, audience: [activity.hostId, userId], actorId: null, payload: { activityId: activity.id, userId } })),
  );
  await notifyPromoted(tx, activity, ids);
}
