import { sql, type Executor, type SQL } from '@rapport/db';
import { z } from 'zod';
import { selectRows } from '../../domain/sql-rows';
import { LIMITS } from '../../limits';
import type { RatingView } from '../../schemas/ratings';

const DAY_MS = 86_400_000;
const time = z.coerce.date();

const ratingRow = z.object({
  activity_id: z.string(),
  title: z.string(),
  starts_at: time,
  rater_id: z.string(),
  rater_name: z.string(),
  rater_avatar: z.string().nullable(),
  rated_id: z.string(),
  rated_name: z.string(),
  rated_avatar: z.string().nullable(),
  score: z.number(),
  comment: z.string().nullable(),
  created_at: time,
  updated_at: time,
});
export type RatingRow = z.infer<typeof ratingRow>;

/** Ratings `r` matching `where`, newest first (the order of ratings_rated_idx), with the people and the activity. */
export async function ratingRows(db: Executor, where: SQL, limit: number): Promise<RatingRow[]> {
  return selectRows(
    db,
    sql`select r.activity_id, a.title, a.starts_at, r.rater_id, p.name as rater_name, p.avatar_url as rater_avatar,
          r.rated_id, q.name as rated_name, q.avatar_url as rated_avatar, r.score, r.comment, r.created_at, r.updated_at
        from ratings r
        join activities a on a.id = r.activity_id
        join users p on p.id = r.rater_id
        join users q on q.id = r.rated_id
        where ${where}
        order by r.created_at desc, r.activity_id desc, r.rater_id desc
        limit ${limit}`,
    ratingRow,
  );
}

/** Until when a rating given at `createdAt` may be changed. */
export const editableUntil = (createdAt: Date): Date => new Date(createdAt.getTime() + LIMITS.ratingEditableDays * DAY_MS);

export function toRatingView(row: RatingRow): RatingView {
  return {
    activity: { id: row.activity_id, title: row.title, startsAt: row.starts_at.toISOString() },
    rater: { id: row.rater_id, name: row.rater_name, avatarUrl: row.rater_avatar },
    rated: { id: row.rated_id, name: row.rated_name, avatarUrl: row.rated_avatar },
    score: row.score,
    comment: row.comment,
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
    editableUntil: editableUntil(row.created_at).toISOString(),
  };
}

export async function ratingViews(db: Executor, where: SQL, limit: number): Promise<RatingView[]> {
  return (await ratingRows(db, where, limit)).map(toRatingView);
}
