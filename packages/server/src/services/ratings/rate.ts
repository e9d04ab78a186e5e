import { activityMembers, and, eq, ratings, sql, type Database, type Transaction } from '@rapport/db';
import { appendEvents } from '../../domain/events/append';
import { writeWithEvents, type Publisher } from '../../domain/events/publisher';
import type { Actor } from '../../domain/sessions';
import { userVisibleTo } from '../../domain/users';
import { AppError, notFound } from '../../errors';
import { LIMITS } from '../../limits';
import type { RateInput, RatingView } from '../../schemas/ratings';
import { visibleActivity, type ActivityRow } from '../activities/access';
import { editableUntil, ratingViews } from './view';

/** True when the person held a seat from before the activity started (nobody leaves or is removed after). */
async function tookPart(tx: Transaction, activity: ActivityRow, userId: string): Promise<boolean> {
  const [seat] = await tx
    .select({ joinedAt: activityMembers.joinedAt })
    .from(activityMembers)
    .where(and(eq(activityMembers.activityId, activity.id), eq(activityMembers.userId, userId), eq(activityMembers.status, 'participant')));
  return seat?.joinedAt !== null && seat?.joinedAt !== undefined && seat.joinedAt <= activity.startsAt;
}

/**
 * Rates someone who took part, after the activity has ended: one rating per
 * rater, person and activity (the key), changeable for a week after it was
 * given. The summary row follows by trigger in the same transaction.
 */
export async function rate(db: Database, actor: Actor, input: RateInput, { events }: { events: Publisher }): Promise<RatingView> {
  const me = actor.userId;
  if (input.userId === me) throw new AppError('BAD_REQUEST', 'You cannot rate yourself.');
  await writeWithEvents(db, events, async (tx) => {
    const activity = await visibleActivity(tx, me, input.activityId);
    if (activity.status === 'cancelled') throw new AppError('CONFLICT', 'This activity was cancelled: there is nothing to rate.');
    if (activity.endsAt.getTime() > Date.now()) {
      throw new AppError('CONFLICT', `You can rate the people you met once the activity has ended, at ${activity.endsAt.toISOString()}.`);
    }
    if (!(await tookPart(tx, activity, me))) throw new AppError('FORBIDDEN', 'Only people who took part in this activity from its start can rate the others.');
    const rated = await userVisibleTo(tx, input.userId, me);
    if (rated === null) throw notFound('User');
    if (!(await tookPart(tx, activity, input.userId))) throw new AppError('BAD_REQUEST', `${rated.name} did not take part in this activity from its start.`);
    const comment = input.comment === undefined || input.comment === '' ? null : input.comment;
    const [first] = await tx
      .insert(ratings)
      .values({ activityId: activity.id, raterId: me, ratedId: input.userId, score: input.score, comment })
      .onConflictDoNothing()
      .returning({ score: ratings.score });
    if (!first) {
      // Given before: changed, within its week. The row lock orders racing edits.
      const [given] = await tx
        .select({ createdAt: ratings.createdAt })
        .from(ratings)
        .where(and(eq(ratings.activityId, activity.id), eq(ratings.raterId, me), eq(ratings.ratedId, input.userId)))
        .for('update');
      if (!given) throw new Error('rating vanished under its key');
      if (editableUntil(given.createdAt).getTime() < Date.now()) {
        throw new AppError('CONFLICT', `A rating can be changed for ${LIMITS.ratingEditableDays} days; this one was given on ${given.createdAt.toISOString().slice(0, 10)}.`);
      }
      await tx
        .update(ratings)
        .set({ score: input.score, comment, updatedAt: sql`now()` })
        .where(and(eq(ratings.activityId, activity.id), eq(ratings.raterId, me), eq(ratings.ratedId, input.userId)));
    }
    await appendEvents(tx, [
      { type: 'rating.received', audience: [input.userId], actorId: me, payload: { activityId: activity.id, raterId: me, ratedId: input.userId, score: input.score } },
    ]);
  });
  const [view] = await ratingViews(db, sql`r.activity_id = ${input.activityId} and r.rater_id = ${me} and r.rated_id = ${input.userId}`, 1);
  if (view === undefined) throw new Error('rating vanished after its write');
  return view;
}
