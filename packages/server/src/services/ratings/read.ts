import { eq, ratingSummaries, sql, type Database } from '@rapport/db';
import { blockedEitherWay } from '../../domain/blocks';
import type { Actor } from '../../domain/sessions';
import { userVisibleTo } from '../../domain/users';
import { notFound } from '../../errors';
import { LIMITS } from '../../limits';
import { decodeCursor, toPage, type Page } from '../../pagination';
import {
  receivedPosition,
  type GivenRatingsInput,
  type RatingSummary,
  type RatingSummaryInput,
  type RatingView,
  type ReceivedRatingsInput,
} from '../../schemas/ratings';
import { visibleActivity } from '../activities/access';
import { ratingRows, ratingViews, toRatingView } from './view';

/** Anyone's summary (count, average, distribution), one row; not across a block. */
export async function ratingSummaryOf(db: Database, actor: Actor, input: RatingSummaryInput): Promise<RatingSummary> {
  if ((await userVisibleTo(db, input.userId, actor.userId)) === null) throw notFound('User');
  const [row] = await db.select().from(ratingSummaries).where(eq(ratingSummaries.userId, input.userId));
  const count = row?.count ?? 0;
  return {
    userId: input.userId,
    count,
    average: row && count > 0 ? Math.round((row.total / count) * 10) / 10 : null,
    distribution: { 1: row?.ones ?? 0, 2: row?.twos ?? 0, 3: row?.threes ?? 0, 4: row?.fours ?? 0, 5: row?.fives ?? 0 },
  };
}

/** What others said about me, comments included, newest first; never from someone on either side of a block. */
export async function receivedRatings(db: Database, actor: Actor, input: ReceivedRatingsInput): Promise<Page<RatingView>> {
  const me = actor.userId;
  const after = input.cursor ? decodeCursor(input.cursor, receivedPosition) : null;
  const rows = await ratingRows(
    db,
    sql`r.rated_id = ${me} and not ${blockedEitherWay(sql`r.rater_id`, me)}
      ${after ? sql`and (r.created_at, r.activity_id, r.rater_id) < (${after[0]}, ${after[1]}::uuid, ${after[2]}::uuid)` : sql``}`,
    input.limit + 1,
  );
  return toPage(rows, input.limit, (r) => [r.created_at.toISOString(), r.activity_id, r.rater_id], toRatingView);
}

/** The ratings I gave in one activity, to see or change them (at most one per other participant). */
export async function givenRatings(db: Database, actor: Actor, input: GivenRatingsInput): Promise<RatingView[]> {
  await visibleActivity(db, actor.userId, input.activityId);
  return ratingViews(db, sql`r.activity_id = ${input.activityId} and r.rater_id = ${actor.userId}`, LIMITS.activityCapacity);
}
