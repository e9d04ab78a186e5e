import { sql, type Executor } from '@rapport/db';
import { postJson, postRow } from '../../domain/circle-posts';
import { selectRows } from '../../domain/sql-rows';
import type { PostView } from '../../schemas/circle-posts';
import { authorHidden } from './access';

/**
 * The newest top-level live posts of a circle, for its details: a walk of
 * circle_posts_feed_idx from the newest end, skipping authors the viewer
 * blocks or is blocked by. The caller decides whether the viewer may read
 * the circle.
 */
export async function recentPosts(db: Executor, viewerId: string, circleId: string, limit: number): Promise<PostView[]> {
  const rows = await selectRows(
    db,
    sql`select ${postJson('p', viewerId)} as post from circle_posts p
      where p.circle_id = ${circleId} and p.parent_id is null and p.deleted_at is null
        and not ${authorHidden('p', viewerId)}
      order by p.created_at desc, p.id desc
      limit ${limit}`,
    postRow,
  );
  return rows.map((r) => r.post);
}
