import { activities, activityMembers, and, eq, invitations, type Database } from '@rapport/db';
import { appendEvents } from '../../domain/events/append';
import { writeWithEvents, type Publisher } from '../../domain/events/publisher';
import { lockActivity } from '../../domain/locks';
import type { Actor } from '../../domain/sessions';
import { AppError } from '../../errors';
import { LIMITS } from '../../limits';
import type { ActivityView, CancelActivityInput, UpdateActivityInput } from '../../schemas/activities';
import { memberIds, requireHost, requireOpen, visibleActivity } from './access';
import { fillFreedSeats } from './seats';
import { activityView } from './view';

type Changed = 'title' | 'time' | 'place' | 'capacity' | 'visibility' | 'details';

/**
 * The host changes an activity. A new time or place, and every other change,
 * reaches each member as activity.updated, naming what changed. Fewer seats
 * than people already seated is refused; more seats go to the line at once.
 */
export async function updateActivity(db: Database, actor: Actor, input: UpdateActivityInput, { events }: { events: Publisher }): Promise<ActivityView> {
  const me = actor.userId;
  await writeWithEvents(db, events, async (tx) => {
    await lockActivity(tx, input.activityId);
    const activity = await visibleActivity(tx, me, input.activityId);
    requireHost(activity, me, 'change');
    requireOpen(activity, 'change');
    const startsAt = input.startsAt === undefined ? activity.startsAt : new Date(input.startsAt);
    const endsAt = input.endsAt === undefined ? activity.endsAt : new Date(input.endsAt);
    if (endsAt <= startsAt) throw new AppError('BAD_REQUEST', `The end must be after the start (${startsAt.toISOString()}).`);
    if (endsAt.getTime() - startsAt.getTime() > LIMITS.activityMaxHours * 3_600_000) {
      throw new AppError('BAD_REQUEST', `An activity lasts at most ${LIMITS.activityMaxHours} hours: end it by ${new Date(startsAt.getTime() + LIMITS.activityMaxHours * 3_600_000).toISOString()}.`);
    }
    if (input.capacity !== undefined && input.capacity < activity.participantCount) {
      throw new AppError('CONFLICT', `${activity.participantCount} people already have a seat: the capacity cannot go below that. Remove someone first.`);
    }
    const place = input.place === undefined ? undefined : input.place;
    const changed = new Set<Changed>();
    if (input.title !== undefined && input.title !== activity.title) changed.add('title');
    if (startsAt.getTime() !== activity.startsAt.getTime() || endsAt.getTime() !== activity.endsAt.getTime()) changed.add('time');
    if ((input.locationLabel !== undefined && input.locationLabel !== activity.locationLabel) || (place !== undefined && (place?.latitude ?? null) !== activity.latitude)) {
      changed.add('place');
    }
    if (place !== undefined && (place?.longitude ?? null) !== activity.longitude) changed.add('place');
    if (input.capacity !== undefined && input.capacity !== activity.capacity) changed.add('capacity');
    if (input.visibility !== undefined && input.visibility !== activity.visibility) changed.add('visibility');
    if ((input.description !== undefined && input.description !== activity.description) || (input.tags !== undefined && input.tags.join() !== activity.tags.join())) {
      changed.add('details');
    }
    if (changed.size === 0) return;
    const [updated] = await tx
      .update(activities)
      .set({
        title: input.title,
        description: input.description,
        locationLabel: input.locationLabel,
        ...(place === undefined ? {} : { latitude: place?.latitude ?? null, longitude: place?.longitude ?? null }),
        startsAt,
        endsAt,
        capacity: input.capacity,
        tags: input.tags,
        visibility: input.visibility,
        updatedAt: new Date(),
      })
      .where(eq(activities.id, activity.id))
      .returning();
    if (!updated) throw new Error('activity update returned no row');
    // Members' copies of the start keep "my activities" in start order.
    if (changed.has('time')) await tx.update(activityMembers).set({ startsAt }).where(eq(activityMembers.activityId, activity.id));
    if (changed.has('capacity')) await fillFreedSeats(tx, updated);
    await appendEvents(tx, [
      {
        type: 'activity.updated',
        audience: await memberIds(tx, activity.id),
        actorId: me,
        payload: { activityId: activity.id, changed: [...changed], startsAt: startsAt.toISOString(), endsAt: endsAt.toISOString(), locationLabel: updated.locationLabel },
      },
    ]);
  });
  return activityView(db, me, input.activityId);
}

/** The host calls it off, with a reason every member hears. Cancelling again changes nothing. */
export async function cancelActivity(db: Database, actor: Actor, input: CancelActivityInput, { events }: { events: Publisher }): Promise<ActivityView> {
  const me = actor.userId;
  await writeWithEvents(db, events, async (tx) => {
    await lockActivity(tx, input.activityId);
    const activity = await visibleActivity(tx, me, input.activityId);
    requireHost(activity, me, 'cancel');
    if (activity.status === 'cancelled') return;
    if (activity.endsAt.getTime() <= Date.now()) throw new AppError('CONFLICT', 'This activity has already ended, so there is nothing to cancel.');
    const now = new Date();
    await tx.update(activities).set({ status: 'cancelled', cancelReason: input.reason, cancelledAt: now, updatedAt: now }).where(eq(activities.id, activity.id));
    // Nobody can come any more: every pending invitation ends with it.
    const ended = await tx
      .update(invitations)
      .set({ status: 'cancelled', reason: input.reason, respondedAt: now })
      .where(and(eq(invitations.activityId, activity.id), eq(invitations.status, 'pending')))
      .returning({ id: invitations.id, senderId: invitations.senderId, recipientId: invitations.recipientId });
    await appendEvents(
      tx,
      ended.map((row) => ({
        type: 'invitation.updated' as const,
        audience: [row.senderId, row.recipientId],
        actorId: me,
        payload: { invitationId: row.id, activityId: activity.id, status: 'cancelled' as const, byUserId: me, reason: input.reason },
      })),
    );
    await appendEvents(tx, [
      { type: 'activity.cancelled', audience: await memberIds(tx, activity.id), actorId: me, payload: { activityId: activity.id, reason: input.reason } },
    ]);
  });
  return activityView(db, me, input.activityId);
}
