import { sql, type Database } from '@rapport/db';
import { postJson } from '../../domain/circle-posts';
import type { Actor } from '../../domain/sessions';
import { selectRows } from '../../domain/sql-rows';
import { decodeCursor, pastPosition, timeIdCursor, type Page } from '../../pagination';
import type { PostView, RepliesInput } from '../../schemas/circle-posts';
import { authorHidden, canReadCircle } from './access';
import { pageOfPosts, pageRow } from './page';

/**
 * A post's live replies, oldest first (a thread reads down), keyset by
 * (created_at, id) on circle_posts_replies_idx. The post itself must be a
 * live top-level post the viewer may see; replies by people blocked either
 * way are left out.
 */
export async function listReplies(db: Database, actor: Actor, input: RepliesInput): Promise<Page<PostView>> {
  const me = actor.userId;
  const after = input.cursor === undefined ? sql`true` : pastPosition([sql`r.created_at`, sql`r.id`], decodeCursor(input.cursor, timeIdCursor), 'asc');
  const rows = await selectRows(
    db,
    sql`select f.post from circle_posts pp
      join circles c on c.id = pp.circle_id
      left join lateral (
        select ${postJson('r', me)} as post, r.created_at, r.id from circle_posts r
        where r.parent_id = pp.id and r.deleted_at is null and ${after}
          and not ${authorHidden('r', me)}
        order by r.created_at, r.id
        limit ${input.limit + 1}
      ) f on true
      where pp.id = ${input.postId} and pp.parent_id is null and pp.deleted_at is null
        and ${canReadCircle('c', me)} and not ${authorHidden('pp', me)}
      order by f.created_at, f.id`,
    pageRow,
  );
  return pageOfPosts(rows, input.limit, 'Post');
}
