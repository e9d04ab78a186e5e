import { activities, eq, type Database, type Transaction } from '@rapport/db';
import { writeWithEvents, type Publisher } from '../../domain/events/publisher';
import { lockActivity, lockPair } from '../../domain/locks';
import type { Actor } from '../../domain/sessions';
import { AppError, notFound } from '../../errors';
import type { ActivityRefInput, ActivityView, JoinResult, RemoveParticipantInput } from '../../schemas/activities';
import { requireHost, requireOpen, visibleActivity, type ActivityRow } from './access';
import { seatOf, takeSeat, vacateSeat } from './seats';
import { activityView } from './view';

/**
 * Runs `work` on the activity under its lock, after the pair lock between
 * `userId` and the host (the lock a block takes, so a block and a join cannot
 * pass each other), re-reading the activity once both are held.
 */
async function underActivityLock<T>(db: Database, events: Publisher, me: string, activityId: string, userId: string, work: (tx: Transaction, activity: ActivityRow) => Promise<T>): Promise<T> {
  const [found] = await db.select({ hostId: activities.hostId }).from(activities).where(eq(activities.id, activityId));
  if (!found) throw notFound('Activity');
  return writeWithEvents(db, events, async (tx) => {
    if (userId !== found.hostId) await lockPair(tx, userId, found.hostId);
    await lockActivity(tx, activityId);
    return work(tx, await visibleActivity(tx, me, activityId));
  });
}

/**
 * Joins a public activity: a seat if one is free, else the end of the line.
 * An invite-only activity is joined by accepting an invitation; to anyone
 * else it is not found. Joining again says where you already are.
 */
export async function joinActivity(db: Database, actor: Actor, input: ActivityRefInput, { events }: { events: Publisher }): Promise<JoinResult> {
  const me = actor.userId;
  const seat = await underActivityLock(db, events, me, input.activityId, me, async (tx, activity) => {
    requireOpen(activity, 'join');
    // Someone invited may look at an invite-only activity, but takes a seat only by accepting.
    if (activity.visibility === 'invite_only' && activity.hostId !== me && (await seatOf(tx, activity.id, me)) === null) {
      throw new AppError('FORBIDDEN', 'This activity is invite-only: accept your invitation to join it.');
    }
    return takeSeat(tx, activity, me, me);
  });
  return { ...seat, activity: await activityView(db, me, input.activityId) };
}

/** Leaves an activity, seat or line. The host cannot: they cancel it instead. */
export async function leaveActivity(db: Database, actor: Actor, input: ActivityRefInput, { events }: { events: Publisher }): Promise<ActivityView> {
  const me = actor.userId;
  await underActivityLock(db, events, me, input.activityId, me, async (tx, activity) => {
    if (activity.hostId === me) throw new AppError('CONFLICT', 'You host this activity, so you cannot leave it. Cancel it instead, with a reason for those coming.');
    if (activity.status !== 'cancelled' && activity.startsAt.getTime() <= Date.now()) {
      throw new AppError('CONFLICT', 'This activity has started, so you can no longer leave it.');
    }
    await vacateSeat(tx, activity, me, me, false);
  });
  return activityView(db, me, input.activityId);
}

/** The host takes someone out, seat or line; a freed seat goes to the first in line. */
export async function removeParticipant(db: Database, actor: Actor, input: RemoveParticipantInput, { events }: { events: Publisher }): Promise<ActivityView> {
  const me = actor.userId;
  await underActivityLock(db, events, me, input.activityId, input.userId, async (tx, activity) => {
    requireHost(activity, me, 'remove people from');
    if (input.userId === me) throw new AppError('CONFLICT', 'You host this activity, so you cannot remove yourself. Cancel it instead.');
    requireOpen(activity, 'remove people from');
    await vacateSeat(tx, activity, input.userId, me, true);
  });
  return activityView(db, me, input.activityId);
}
