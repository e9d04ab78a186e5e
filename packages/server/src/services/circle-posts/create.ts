import type { Database } from '@rapport/db';
import { writeStatementWithEvents, writeWithEvents, type Publisher } from '../../domain/events/publisher';
import type { Actor } from '../../domain/sessions';
import { AppError } from '../../errors';
import type { CreatePostInput, PostView } from '../../schemas/circle-posts';
import type { SendRateLimiter } from '../chat/rate-limit';
import { findPost, postDeleted, whyNotAMemberWrite } from './access';
import { insertPost, postByClientKey, type InsertedPost } from './insert-post';
import { notifyPosted } from './notify-posted';

/**
 * Posts to a circle's feed (or replies to a post), idempotently: the same
 * client key always returns the first post, whether the first attempt's
 * response was lost or the retry raced it. The cost does not depend on the
 * circle's size: one statement writes the post and its one event, and a
 * reply or mention adds the few notification statements, in the same
 * transaction.
 */
export async function createPost(
  db: Database,
  actor: Actor,
  input: CreatePostInput,
  { events, limiter }: { events: Publisher; limiter: SendRateLimiter },
): Promise<PostView> {
  const me = actor.userId;
  try {
    limiter.take(me, input.clientKey);
  } catch (error) {
    // A retry of a post that went through gets its post, not a rate-limit error.
    const first = await postByClientKey(db, me, input.clientKey);
    if (first) return first;
    throw error;
  }
  const notifies = input.parentId !== undefined || (input.mentions ?? []).length > 0;
  const written: InsertedPost | null = notifies
    ? await writeWithEvents(db, events, async (tx) => {
        const inserted = await insertPost(tx, me, input);
        if (inserted?.created) await notifyPosted(tx, me, inserted);
        return inserted;
      })
    : await writeStatementWithEvents(db, events, (db) => insertPost(db, me, input), (inserted) => inserted?.created === true);
  if (written) return written.post;
  // The key's first post committed while this insert waited on it.
  const first = await postByClientKey(db, me, input.clientKey);
  if (first) return first;
  throw await whyNotPosted(db, me, input);
}

/** The guard refused: say why, checking in the order a person would. */
async function whyNotPosted(db: Database, me: string, input: CreatePostInput): Promise<AppError> {
  const refusal = await whyNotAMemberWrite(db, input.circleId, me, 'post');
  if (refusal) return refusal;
  if (input.parentId !== undefined) {
    const parent = await findPost(db, input.parentId, me);
    if (parent === null || parent.circleId !== input.circleId) {
      return new AppError('BAD_REQUEST', 'The post you are replying to is not in this circle.');
    }
    if (parent.parentId !== null) return new AppError('BAD_REQUEST', 'Replies do not nest: reply to the post this reply answers.');
    if (parent.deleted) return postDeleted('reply to it');
  }
  return new AppError('CONFLICT', 'The post could not be written just now. Send it again with the same client key.');
}
