import { z } from 'zod';
import { LIMITS } from '../limits';
import { pageInput, pageOutput, timeIdCursor } from '../pagination';
import { attachmentInput, emojiInput } from './chat/messages';
import { clientKeyInput } from './client-key';
import { hasControlCharacter, personPreview } from './user';

const isoTime = z.iso.datetime();

/**
 * One post of a circle's feed, or a reply to one, as the viewer sees it.
 * Counts are kept by triggers on the post row (replies, reactions), so a
 * page reads its posts and nothing per reaction.
 */
export const postView = z.object({
  id: z.uuid(),
  circleId: z.uuid(),
  /** Null when the author's account is gone. */
  author: personPreview.nullable(),
  body: z.string().nullable(),
  attachments: z.array(attachmentInput),
  /** The top-level post this one answers; null for a top-level post. */
  parentId: z.uuid().nullable(),
  replyCount: z.number().int(),
  /** How many of each emoji the post has, e.g. { "👍": 3 }. */
  reactionCounts: z.record(z.string(), z.number().int()),
  /** The emojis the viewer reacted with (empty in live events: they carry no viewer). */
  myReactions: z.array(z.string()),
  /** Users named in the post. */
  mentions: z.array(z.uuid()),
  editedAt: isoTime.nullable(),
  createdAt: isoTime,
});
export type PostView = z.infer<typeof postView>;

/** A post's text: multi-line, trimmed, never empty once trimmed. */
export const postBodyInput = z
  .string()
  .trim()
  .min(1, 'Write something to post.')
  .max(LIMITS.circlePostBodyChars, `A post can be at most ${LIMITS.circlePostBodyChars} characters.`)
  .refine((s) => !hasControlCharacter(s, true), 'Remove control characters.');

export const createPostInput = z
  .object({
    circleId: z.uuid(),
    clientKey: clientKeyInput,
    body: postBodyInput.optional(),
    attachments: z
      .array(attachmentInput)
      .max(LIMITS.circlePostAttachments, `At most ${LIMITS.circlePostAttachments} attachments per post.`)
      .optional(),
    /** A top-level post of the same circle to reply to; replies do not nest. */
    parentId: z.uuid().optional(),
    /** Users to mention; those who are members of the circle are notified. */
    mentions: z
      .array(z.uuid())
      .max(LIMITS.circlePostMentions, `A post can mention at most ${LIMITS.circlePostMentions} people.`)
      .optional(),
  })
  .superRefine((input, ctx) => {
    if (input.body === undefined && (input.attachments ?? []).length === 0) {
      ctx.addIssue({ code: 'custom', path: ['body'], message: 'Write something or attach a file to post.' });
    }
  });
export type CreatePostInput = z.output<typeof createPostInput>;

/** community.circles.posts.list: a circle's feed, newest first. */
export const feedInput = z.object({ circleId: z.uuid(), ...pageInput(timeIdCursor) });
export type FeedInput = z.output<typeof feedInput>;

/** community.circles.posts.replies: a post's replies, oldest first. */
export const repliesInput = z.object({ postId: z.uuid(), ...pageInput(timeIdCursor) });
export type RepliesInput = z.output<typeof repliesInput>;

export const postsPage = pageOutput(postView);

export const postIdInput = z.object({ postId: z.uuid() });
export type PostIdInput = z.output<typeof postIdInput>;

export const editPostInput = z.object({ postId: z.uuid(), body: postBodyInput });
export type EditPostInput = z.output<typeof editPostInput>;

/** One reaction of the caller's, to add or to remove. */
export const postReactionInput = z.object({ postId: z.uuid(), emoji: emojiInput });
export type PostReactionInput = z.output<typeof postReactionInput>;

/** What a delete leaves: the post is gone from every list. */
export const deletedPost = z.object({ postId: z.uuid(), circleId: z.uuid(), parentId: z.uuid().nullable() });
export type DeletedPost = z.output<typeof deletedPost>;
