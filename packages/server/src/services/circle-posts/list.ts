import { sql, type Database } from '@rapport/db';
import { postJson } from '../../domain/circle-posts';
import type { Actor } from '../../domain/sessions';
import { selectRows } from '../../domain/sql-rows';
import { decodeCursor, pastPosition, timeIdCursor, type Page } from '../../pagination';
import type { FeedInput, PostView } from '../../schemas/circle-posts';
import { authorHidden, canReadCircle } from './access';
import { pageOfPosts, pageRow } from './page';

/**
 * A circle's feed: its top-level live posts, newest first, keyset by
 * (created_at, id) on circle_posts_feed_idx, so a page reads the page
 * whatever the circle's size. Posts by people the viewer blocks, or who
 * block the viewer, are left out.
 */
export async function listPosts(db: Database, actor: Actor, input: FeedInput): Promise<Page<PostView>> {
  const me = actor.userId;
  const after = input.cursor === undefined ? sql`true` : pastPosition([sql`p.created_at`, sql`p.id`], decodeCursor(input.cursor, timeIdCursor), 'desc');
  const rows = await selectRows(
    db,
    sql`select f.post from circles c
      left join lateral (
        select ${postJson('p', me)} as post, p.created_at, p.id from circle_posts p
        where p.circle_id = c.id and p.parent_id is null and p.deleted_at is null and ${after}
          and not ${authorHidden('p', me)}
        order by p.created_at desc, p.id desc
        limit ${input.limit + 1}
      ) f on true
      where c.id = ${input.circleId} and ${canReadCircle('c', me)}
      order by f.created_at desc, f.id desc`,
    pageRow,
  );
  return pageOfPosts(rows, input.limit, 'Circle');
}
