import { sql, type Database } from '@rapport/db';
import { postJson, postRow } from '../../domain/circle-posts';
import { logEvents } from '../../domain/events/log-statement';
import type { Publisher } from '../../domain/events/publisher';
import type { Actor } from '../../domain/sessions';
import { AppError } from '../../errors';
import type { EditPostInput, PostView } from '../../schemas/circle-posts';
import { writeLoggedStatement } from '../chat/messages/logged-statement';
import { postAccess, postDeleted } from './access';

/**
 * Replaces the text of one's own post and logs `circle.post.edited`, in one
 * statement whose guard is the whole rule: the author, the post not deleted,
 * its circle not archived. A concurrent delete wins: the update re-checks
 * `deleted_at` on the row it waited for.
 */
export async function editPost(db: Database, actor: Actor, input: EditPostInput, { events }: { events: Publisher }): Promise<PostView> {
  const me = actor.userId;
  const [row] = await writeLoggedStatement(
    db,
    events,
    sql`with edited as (
        update circle_posts p set body = ${input.body}, edited_at = now()
        from circles c
        where p.id = ${input.postId} and c.id = p.circle_id and p.author_id = ${me} and p.deleted_at is null and c.archived_at is null
        returning p.*
      ),
      logged as (${logEvents({ type: 'circle.post.edited', from: sql`edited x`, circleId: sql`x.circle_id`, actorId: sql`${me}`, payload: { postId: sql`x.id` } })})
      select ${postJson('x', me)} as post from edited x`,
    postRow,
  );
  if (row) return row.post;
  const post = await postAccess(db, input.postId, me);
  if (post.authorId !== me) throw new AppError('FORBIDDEN', 'Only the person who wrote a post can edit it.');
  if (post.deleted) throw postDeleted('edit it');
  throw new AppError('CONFLICT', 'This circle has been archived, so its posts can no longer be edited.');
}
