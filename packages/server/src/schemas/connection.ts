import { z } from 'zod';
import { publicProfile } from './user';

export const connectionTypeInput = z.enum(['follow', 'friend', 'block']);
export const connectionStatusInput = z.enum(['pending', 'accepted', 'rejected']);

export const MAX_CONNECTION_MESSAGE = 500;

/**
 * The note sent with a follow or friend request. PostgreSQL text cannot hold
 * a NUL character: refused here, it is a field error instead of a failed insert.
 */
export const connectionMessageInput = z
  .string()
  .trim()
  .max(MAX_CONNECTION_MESSAGE)
  .refine((text) => !text.includes('\u0000'), 'Remove the NUL character (\\0): it cannot be stored.');

export const connectionView = z.object({
  id: z.uuid(),
  type: connectionTypeInput,
  status: connectionStatusInput,
  /** outgoing: the signed-in user made it; incoming: the other user did. */
  direction: z.enum(['outgoing', 'incoming']),
  message: z.string().nullable(),
  createdAt: z.iso.datetime(),
  respondedAt: z.iso.datetime().nullable(),
  /**
   * The user on the other side; null when they block the signed-in user: to
   * the blocked, a blocker is "not found", even on their own block of them.
   */
  otherUser: publicProfile.nullable(),
});
export type ConnectionView = z.infer<typeof connectionView>;

export const relationship = z.object({
  userId: z.uuid(),
  following: z.boolean(),
  followedBy: z.boolean(),
  friendship: z.enum(['none', 'outgoing_request', 'incoming_request', 'friends']),
  blocking: z.boolean(),
  blockedBy: z.boolean(),
  /** Ids to pass to respond/remove: the actor's follow, the live friendship or request, the actor's block. */
  followConnectionId: z.uuid().nullable(),
  friendConnectionId: z.uuid().nullable(),
  blockConnectionId: z.uuid().nullable(),
});
export type Relationship = z.infer<typeof relationship>;

export const connectionStats = z.object({
  followers: z.number().int(),
  following: z.number().int(),
  friends: z.number().int(),
  /** Private counts: present only in your own stats. */
  pendingReceived: z.number().int().nullable(),
  pendingSent: z.number().int().nullable(),
  blocked: z.number().int().nullable(),
});

export const suggestion = z.object({
  user: publicProfile,
  mutualCount: z.number().int(),
  mutualNames: z.array(z.string()),
});
