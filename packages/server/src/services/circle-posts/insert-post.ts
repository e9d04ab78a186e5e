import { sql, type Executor } from '@rapport/db';
import { z } from 'zod';
import { postJson, postRow } from '../../domain/circle-posts';
import { logEvents } from '../../domain/events/log-statement';
import { selectRows } from '../../domain/sql-rows';
import { postView, type CreatePostInput, type PostView } from '../../schemas/circle-posts';
import { authorHidden, isCircleMember } from './access';

const insertedRow = z.object({
  post: postView,
  created: z.boolean(),
  /** Who the notifications name and point at, for a post just written. */
  author_name: z.string().nullable(),
  circle_name: z.string().nullable(),
  parent_author_id: z.string().nullable(),
});

export interface InsertedPost {
  post: PostView;
  /** False when the client key had been used: the first post came back. */
  created: boolean;
  authorName: string;
  circleName: string;
  /** The author of the post replied to (for its notification). */
  parentAuthorId: string | null;
}

/**
 * Writes a post and logs `circle.post.created` in one statement, whatever the
 * circle's size: the guard reads the author's own membership row (and the
 * parent and mentions by key), the event is one row addressed by circle_id,
 * and nothing is written per member. With a client key already used by this
 * author, nothing is written and the first post comes back. Two concurrent
 * first posts with one key: the loser's insert waits for the winner and
 * does nothing (no row, no event); the caller then reads the winner. Returns
 * no row when the guard refuses.
 */
export async function insertPost(db: Executor, me: string, input: CreatePostInput): Promise<InsertedPost | null> {
  const parentId = input.parentId ?? null;
  // Mentioned members only, each once, in the order given.
  const mentions = [...new Set(input.mentions ?? [])];
  const [row] = await selectRows(
    db,
    sql`with existing as (
        select * from circle_posts where author_id = ${me} and client_key = ${input.clientKey}
      ),
      target as (
        select c.id, c.name from circles c
        where c.id = ${input.circleId} and c.archived_at is null and ${isCircleMember(sql`c.id`, me)}
          and (${parentId}::uuid is null or exists (
            select 1 from circle_posts pp
            where pp.id = ${parentId}::uuid and pp.circle_id = c.id and pp.parent_id is null and pp.deleted_at is null
              and not ${authorHidden('pp', me)}))
          and not exists (select 1 from existing)
      ),
      inserted as (
        insert into circle_posts (circle_id, author_id, parent_id, body, attachments, mentions, client_key)
        select t.id, ${me}::uuid, ${parentId}::uuid, ${input.body ?? null}, ${JSON.stringify(input.attachments ?? [])}::jsonb,
          array(
            select x.u from unnest(${`{${mentions.join(',')}}`}::uuid[]) with ordinality x(u, n)
            where ${isCircleMember(sql`t.id`, sql`x.u`)}
            order by x.n),
          ${input.clientKey}
        from target t
        on conflict (author_id, client_key) do nothing
        returning *
      ),
      logged as (${logEvents({
        type: 'circle.post.created',
        from: sql`inserted i`,
        circleId: sql`i.circle_id`,
        actorId: sql`${me}`,
        payload: { postId: sql`i.id` },
      })})
      select ${postJson('i', null)} as post, true as created,
        (select u.name from users u where u.id = ${me}) as author_name,
        (select t.name from target t) as circle_name,
        (select pp.author_id from circle_posts pp where pp.id = ${parentId}::uuid) as parent_author_id
      from inserted i
      union all
      select ${postJson('e', me)} as post, false, null, null, null from existing e`,
    insertedRow,
  );
  if (!row) return null;
  return {
    post: row.post,
    created: row.created,
    authorName: row.author_name ?? '',
    circleName: row.circle_name ?? '',
    parentAuthorId: row.parent_author_id,
  };
}

/** The post an author already wrote with this key, if any. */
export async function postByClientKey(db: Executor, authorId: string, clientKey: string): Promise<PostView | null> {
  const [row] = await selectRows(
    db,
    sql`select ${postJson('p', authorId)} as post from circle_posts p where p.author_id = ${authorId} and p.client_key = ${clientKey}`,
    postRow,
  );
  return row?.post ?? null;
}
