import { sql, type SQL } from '@rapport/db';
import { z } from 'zod';
import { postView } from '../schemas/circle-posts';

const iso = (column: string) => `to_char(${column} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;

/**
 * A circle post as the API shows it, built in SQL so that the feed, replies,
 * circle details, the create statement and the event reader all produce
 * the same shape. `viewer` fills myReactions (an indexed read of the
 * reactions primary key for that one user); without one (a live event,
 * sent alike to every member) it is empty.
 */
export function postJson(alias: string, viewer: string | null): SQL {
  const p = (column: string) => `${alias}.${column}`;
  // The subqueries' own aliases (pjr, pju) are unusual, so as not to shadow
  // the caller's: a feed query's `r` is the reply, not a reaction.
  const mine =
    viewer === null
      ? sql`'[]'::jsonb`
      : sql`coalesce((select jsonb_agg(pjr.emoji order by pjr.created_at, pjr.emoji) from circle_post_reactions pjr
          where pjr.post_id = ${sql.raw(p('id'))} and pjr.user_id = ${viewer}), '[]'::jsonb)`;
  return sql`jsonb_build_object(
    'id', ${sql.raw(p('id'))},
    'circleId', ${sql.raw(p('circle_id'))},
    'author', (select jsonb_build_object('id', pju.id, 'name', pju.name, 'avatarUrl', pju.avatar_url) from users pju where pju.id = ${sql.raw(p('author_id'))}),
    'body', ${sql.raw(p('body'))},
    'attachments', ${sql.raw(p('attachments'))},
    'parentId', ${sql.raw(p('parent_id'))},
    'replyCount', ${sql.raw(p('reply_count'))},
    'reactionCounts', ${sql.raw(p('reaction_counts'))},
    'myReactions', ${mine},
    'mentions', to_jsonb(${sql.raw(p('mentions'))}),
    'editedAt', ${sql.raw(iso(p('edited_at')))},
    'createdAt', ${sql.raw(iso(p('created_at')))}
  )`;
}

/** Rows that carry a post built by postJson; drivers hand jsonb back parsed. */
export const postRow = z.object({ post: postView });
