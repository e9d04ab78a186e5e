import { z } from 'zod';
import { attachmentInput } from './chat/messages';
import { personPreview } from './user';

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
