import { sql, type Database, type SQLWrapper } from '@rapport/db';
import { z } from 'zod';
import { logEvents } from '../../domain/events/log-statement';
import type { Publisher } from '../../domain/events/publisher';
import type { Actor } from '../../domain/sessions';
import { selectRows } from '../../domain/sql-rows';
import { AppError } from '../../errors';
import type { DeletedPost, PostIdInput } from '../../schemas/circle-posts';
import { writeLoggedStatement } from '../chat/messages/logged-statement';
import { postAccess } from './access';

const deletedRow = z.object({ id: z.uuid(), circle_id: z.uuid(), parent_id: z.uuid().nullable() });

/** A moderator or the owner of the circle `circleId`: their powers stop at their own circle. */
const moderates = (circleId: SQLWrapper | string, me: string) =>
  sql`exists (select 1 from circle_members m where m.circle_id = ${circleId} and m.user_id = ${me} and m.role in ('owner', 'moderator'))`;

/**
 * Deletes a post: its author may, and so may a moderator or the owner of
 * its circle. The row stays as a tombstone (deleted_at) with its text and
 * attachments erased, so it leaves every list and count (the triggers
 * follow deleted_at) and no later event can carry its content. Deleting
 * again answers the same. Replies stay, under a parent that is gone.
 */
export async function deletePost(db: Database, actor: Actor, input: PostIdInput, { events }: { events: Publisher }): Promise<DeletedPost> {
  const me = actor.userId;
  const [row] = await writeLoggedStatement(
    db,
    events,
    sql`with deleted as (
        update circle_posts p set deleted_at = now(), body = null, attachments = '[]'::jsonb
        where p.id = ${input.postId} and p.deleted_at is null and (p.author_id = ${me} or ${moderates(sql`p.circle_id`, me)})
        returning p.id, p.circle_id, p.parent_id
      ),
      logged as (${logEvents({
        type: 'circle.post.deleted',
        from: sql`deleted x`,
        circleId: sql`x.circle_id`,
        actorId: sql`${me}`,
        payload: { postId: sql`x.id`, parentId: sql`x.parent_id` },
      })})
      select id, circle_id, parent_id from deleted`,
    deletedRow,
  );
  if (row) return { postId: row.id, circleId: row.circle_id, parentId: row.parent_id };
  const post = await postAccess(db, input.postId, me);
  const [moderator] = await selectRows(db, sql`select ${moderates(post.circleId, me)} as yes`, z.object({ yes: z.boolean() }));
  if (post.authorId !== me && moderator?.yes !== true) {
    throw new AppError('FORBIDDEN', "Only the post's author, or a moderator or the owner of its circle, can delete it.");
  }
  if (post.deleted) return { postId: input.postId, circleId: post.circleId, parentId: post.parentId };
  throw new AppError('CONFLICT', 'The post changed while you were deleting it. Try again.');
}
