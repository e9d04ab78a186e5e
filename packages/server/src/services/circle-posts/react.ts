import { sql, type Database, type Transaction } from '@rapport/db';
import { z } from 'zod';
import { logEvents } from '../../domain/events/log-statement';
import { writeWithEvents, type Publisher } from '../../domain/events/publisher';
import { notify } from '../../domain/notifications/notify';
import type { Actor } from '../../domain/sessions';
import { selectRows } from '../../domain/sql-rows';
import { AppError, notFound } from '../../errors';
import { LIMITS } from '../../limits';
import type { PostReactionInput, PostView } from '../../schemas/circle-posts';
import { attachmentInput } from '../../schemas/chat/messages';
import { authorHidden, canReadCircle, isCircleMember, postDeleted, postFor } from './access';
import { postExcerpt, postLink } from './notify-posted';

const targetRow = z.object({
  circle_id: z.uuid(),
  parent_id: z.uuid().nullable(),
  author_id: z.uuid().nullable(),
  body: z.string().nullable(),
  attachments: z.array(attachmentInput),
  deleted: z.boolean(),
  hidden: z.boolean(),
  member: z.boolean(),
  archived: z.boolean(),
  actor_name: z.string(),
});
const addedRow = z.object({ added: z.boolean(), had: z.boolean() });

/**
 * Adds the actor's reaction to a post (members of its live circle only). The
 * primary key (post, user, emoji) makes a repeat a no-op: fifty identical
 * calls leave one row and one event. The cap on distinct emojis is counted
 * under the post's row lock, so concurrent different emojis cannot overshoot
 * it together. The author is notified, grouped per post ("Ada and 3 others
 * reacted to your post"), in the same transaction.
 */
export async function reactToPost(db: Database, actor: Actor, input: PostReactionInput, { events }: { events: Publisher }): Promise<PostView> {
  return writeWithEvents(db, events, (tx) => addReaction(tx, actor.userId, input));
}

async function addReaction(tx: Transaction, me: string, { postId, emoji }: PostReactionInput): Promise<PostView> {
  // Authorises the id and takes the lock in one query. NO KEY UPDATE: it
  // serialises reactors and deletes of this post without blocking the
  // foreign-key checks of replies and reactions that reference it.
  const [target] = await selectRows(
    tx,
    sql`select p.circle_id, p.parent_id, p.author_id, p.body, p.attachments, p.deleted_at is not null as deleted,
        ${authorHidden('p', me)} as hidden, ${isCircleMember(sql`c.id`, me)} as member, c.archived_at is not null as archived,
        (select u.name from users u where u.id = ${me}) as actor_name
      from circle_posts p join circles c on c.id = p.circle_id
      where p.id = ${postId} and ${canReadCircle('c', me)}
      for no key update of p`,
    targetRow,
  );
  if (!target || target.hidden) throw notFound('Post');
  if (!target.member) throw new AppError('FORBIDDEN', 'Join this circle to react to its posts.');
  if (target.archived) throw new AppError('CONFLICT', 'This circle has been archived, so its posts can no longer take reactions.');
  if (target.deleted) throw postDeleted('react to it');
  const [result] = await selectRows(
    tx,
    sql`with held as (
        select r.emoji from circle_post_reactions r where r.post_id = ${postId} and r.user_id = ${me}
      ),
      inserted as (
        insert into circle_post_reactions (post_id, user_id, emoji)
        select ${postId}::uuid, ${me}::uuid, ${emoji}
        where not exists (select 1 from held h where h.emoji = ${emoji})
          and (select count(*) from held) < ${LIMITS.circlePostReactionsPerUser}
        on conflict do nothing
        returning emoji
      ),
      logged as (${logEvents({
        type: 'circle.post.reacted',
        from: sql`inserted i`,
        circleId: sql`${target.circle_id}`,
        actorId: sql`${me}`,
        payload: { postId: sql`${postId}::uuid`, userId: sql`${me}::uuid`, emoji: sql`i.emoji` },
      })})
      select exists (select 1 from inserted) as added, exists (select 1 from held h where h.emoji = ${emoji}) as had`,
    addedRow,
  );
  if (result && !result.added && !result.had) {
    throw new AppError('CONFLICT', `You can add at most ${LIMITS.circlePostReactionsPerUser} different reactions to one post. Remove one to add another.`);
  }
  if (result?.added && target.author_id !== null) {
    const post = { id: postId, circleId: target.circle_id, parentId: target.parent_id, body: target.body, attachments: target.attachments };
    await notify(tx, [
      {
        userId: target.author_id,
        type: 'post_reaction',
        actorId: me,
        title: `${target.actor_name} reacted ${emoji} to your post`,
        description: postExcerpt(post),
        actionText: 'View post',
        link: postLink(post),
        groupKey: `post_reaction:${postId}`,
      },
    ]);
  }
  return postFor(tx, postId, me);
}
