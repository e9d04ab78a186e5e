import { sql, type Database } from '@rapport/db';
import { z } from 'zod';
import { logEvents } from '../../domain/events/log-statement';
import type { Publisher } from '../../domain/events/publisher';
import type { Actor } from '../../domain/sessions';
import { AppError, notFound } from '../../errors';
import type { PostReactionInput, PostView } from '../../schemas/circle-posts';
import { writeLoggedStatement } from '../chat/messages/logged-statement';
import { authorHidden, canReadCircle, isCircleMember, postFor } from './access';

const resultRow = z.object({ member: z.boolean(), hidden: z.boolean(), removed: z.boolean() });

/**
 * Removes the actor's reaction, in one statement that authorises the id,
 * deletes the row and logs `circle.post.unreacted`. Removing one that is not
 * there (again, or concurrently) changes nothing and logs nothing. The
 * reaction counts follow by trigger.
 */
export async function unreactToPost(db: Database, actor: Actor, { postId, emoji }: PostReactionInput, { events }: { events: Publisher }): Promise<PostView> {
  const me = actor.userId;
  const [result] = await writeLoggedStatement(
    db,
    events,
    sql`with target as (
        select p.id, p.circle_id, ${isCircleMember(sql`c.id`, me)} as member, ${authorHidden('p', me)} as hidden
        from circle_posts p join circles c on c.id = p.circle_id
        where p.id = ${postId} and ${canReadCircle('c', me)}
      ),
      removed as (
        delete from circle_post_reactions r using target t
        where r.post_id = t.id and t.member and not t.hidden and r.user_id = ${me} and r.emoji = ${emoji}
        returning r.post_id, r.emoji, t.circle_id
      ),
      logged as (${logEvents({
        type: 'circle.post.unreacted',
        from: sql`removed x`,
        circleId: sql`x.circle_id`,
        actorId: sql`${me}`,
        payload: { postId: sql`x.post_id`, userId: sql`${me}::uuid`, emoji: sql`x.emoji` },
      })})
      select t.member, t.hidden, exists (select 1 from removed) as removed from target t`,
    resultRow,
    (rows) => rows[0]?.removed === true,
  );
  if (!result || result.hidden) throw notFound('Post');
  if (!result.member) throw new AppError('FORBIDDEN', 'Join this circle to react to its posts.');
  return postFor(db, postId, me);
}
