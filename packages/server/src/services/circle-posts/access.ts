import { sql, type Executor, type SQL, type SQLWrapper } from '@rapport/db';
import { z } from 'zod';
import { blockedEitherWay } from '../../domain/blocks';
import { postJson, postRow } from '../../domain/circle-posts';
import { selectRows } from '../../domain/sql-rows';
import { AppError, notFound } from '../../errors';
import type { PostView } from '../../schemas/circle-posts';

// Who may do what with a circle's feed (docs/ARCHITECTURE.md, "Community"):
// anyone signed in reads a live circle; only its members read an archived
// one (to anyone else it does not exist); only members post and react, and
// only while it is live.

/** True when `userId` is a member of the circle `circleId`, in any role. */
export const isCircleMember = (circleId: SQLWrapper, userId: SQLWrapper | string): SQL =>
  sql`exists (select 1 from circle_members cmm where cmm.circle_id = ${circleId} and cmm.user_id = ${userId})`;

/** True when `userId` may read the circle `c`: it is live, or they are in it. */
export const canReadCircle = (c: string, userId: string): SQL =>
  sql`(${sql.raw(c)}.archived_at is null or ${isCircleMember(sql.raw(`${c}.id`), userId)})`;

/** True when the post `p`'s author is hidden from `viewer` by a block, either way. */
export const authorHidden = (p: string, viewer: string): SQL =>
  sql`(${sql.raw(p)}.author_id is not null and ${blockedEitherWay(sql.raw(`${p}.author_id`), viewer)})`;

const circleAccessRow = z.object({ archived: z.boolean(), role: z.enum(['owner', 'moderator', 'member']).nullable() });

/** The circle as the actor stands in it; NOT_FOUND when they may not read it. */
export async function circleAccess(db: Executor, circleId: string, me: string): Promise<z.infer<typeof circleAccessRow>> {
  const [row] = await selectRows(
    db,
    sql`select c.archived_at is not null as archived, m.role from circles c
      left join circle_members m on m.circle_id = c.id and m.user_id = ${me}
      where c.id = ${circleId}`,
    circleAccessRow,
  );
  if (!row || (row.archived && row.role === null)) throw notFound('Circle');
  return row;
}

/** Why a member-only write to the circle refused: the first rule the actor fails. */
export async function whyNotAMemberWrite(db: Executor, circleId: string, me: string, action: string): Promise<AppError | null> {
  const circle = await circleAccess(db, circleId, me);
  if (circle.role === null) return new AppError('FORBIDDEN', `Join this circle to ${action}.`);
  if (circle.archived) return new AppError('CONFLICT', `This circle has been archived, so you can no longer ${action} in it.`);
  return null;
}

const postAccessRow = z.object({
  circle_id: z.string(),
  author_id: z.string().nullable(),
  parent_id: z.string().nullable(),
  deleted: z.boolean(),
  hidden: z.boolean(),
});

export interface PostAccess {
  circleId: string;
  authorId: string | null;
  parentId: string | null;
  deleted: boolean;
}

/**
 * A post the actor may see: NOT_FOUND when its circle is not readable to
 * them or a block hides its author, whether or not it exists. Writes use
 * their own guarded statement; this explains, afterwards, why one refused.
 */
export async function postAccess(db: Executor, postId: string, me: string): Promise<PostAccess> {
  const post = await findPost(db, postId, me);
  if (post === null) throw notFound('Post');
  return post;
}

/** As postAccess, with null for a post the actor may not see. */
export async function findPost(db: Executor, postId: string, me: string): Promise<PostAccess | null> {
  const [row] = await selectRows(
    db,
    sql`select p.circle_id, p.author_id, p.parent_id, p.deleted_at is not null as deleted, ${authorHidden('p', me)} as hidden
      from circle_posts p join circles c on c.id = p.circle_id
      where p.id = ${postId} and ${canReadCircle('c', me)}`,
    postAccessRow,
  );
  if (!row || row.hidden) return null;
  return { circleId: row.circle_id, authorId: row.author_id, parentId: row.parent_id, deleted: row.deleted };
}

/** The post as the viewer now sees it; the caller has already authorised it. */
export async function postFor(db: Executor, postId: string, viewer: string): Promise<PostView> {
  const [row] = await selectRows(db, sql`select ${postJson('p', viewer)} as post from circle_posts p where p.id = ${postId}`, postRow);
  if (!row) throw notFound('Post');
  return row.post;
}

/** The refusal for a post that is gone. */
export const postDeleted = (action: string) => new AppError('CONFLICT', `This post has been deleted, so you can no longer ${action}.`);
