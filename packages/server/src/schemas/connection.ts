import { z } from 'zod';
import { LIMITS } from '../limits';
import { pageInput, timeIdCursor } from '../pagination';
import { publicProfile } from './user';

export const connectionTypeInput = z.enum(['follow', 'friend', 'block']);
export const connectionStatusInput = z.enum(['pending', 'accepted', 'rejected']);

/**
 * The note sent with a follow or friend request. PostgreSQL text cannot hold
 * a NUL character: refused here, it is a field error instead of a failed insert.
 */
export const connectionMessageInput = z
  .string()
  .trim()
  .max(LIMITS.connectionMessageChars)
  .refine((text) => !text.includes('\u0000'), 'Remove the NUL character (\\0): it cannot be stored.');

/** connections.create */
export const createConnectionInput = z.object({ targetUserId: z.uuid(), type: connectionTypeInput, message: connectionMessageInput.optional() });
export type CreateConnectionInput = z.output<typeof createConnectionInput>;

/** connections.list: the signed-in user's own connections. */
export const listConnectionsInput = z.object({
  type: connectionTypeInput.optional(),
  status: connectionStatusInput.optional(),
  direction: z.enum(['outgoing', 'incoming', 'all']).default('all'),
  ...pageInput(timeIdCursor),
});
export type ListConnectionsInput = z.output<typeof listConnectionsInput>;

/** connections.stats: another user's, or with no user, one's own. */
export const connectionStatsInput = z.object({ userId: z.uuid().optional() }).default({});
export type ConnectionStatsInput = z.output<typeof connectionStatsInput>;

/** connections.respond */
export const respondToRequestInput = z.object({ connectionId: z.uuid(), status: z.enum(['accepted', 'rejected']) });
export type RespondToRequestInput = z.output<typeof respondToRequestInput>;

/** connections.remove */
export const removeConnectionInput = z.object({ connectionId: z.uuid() });
export type RemoveConnectionInput = z.output<typeof removeConnectionInput>;
export const removedConnection = z.object({ connectionId: z.uuid() });

/** connections.check */
export const checkRelationshipInput = z.object({ targetUserId: z.uuid() });
export type CheckRelationshipInput = z.output<typeof checkRelationshipInput>;

/** connections.checkMany */
export const checkRelationshipsInput = z.object({
  targetUserIds: z
    .array(z.uuid())
    .min(1)
    .max(LIMITS.relationshipsPerCheck, `At most ${LIMITS.relationshipsPerCheck} users at a time.`),
});
export type CheckRelationshipsInput = z.output<typeof checkRelationshipsInput>;

/** connections.ofUser: another user's public, accepted connections. */
export const connectionsOfUserInput = z.object({
  userId: z.uuid(),
  type: z.enum(['followers', 'following', 'friends']),
  ...pageInput(timeIdCursor),
});
export type ConnectionsOfUserInput = z.output<typeof connectionsOfUserInput>;

const DEFAULT_SUGGESTIONS = 10;

/** connections.suggestions */
export const suggestionsInput = z
  .object({ limit: z.number().int().min(1).max(LIMITS.suggestions).default(DEFAULT_SUGGESTIONS) })
  .default({ limit: DEFAULT_SUGGESTIONS });
export type SuggestionsInput = z.output<typeof suggestionsInput>;

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
export const relationshipList = z.array(relationship);

export const connectionStats = z.object({
  followers: z.number().int(),
  following: z.number().int(),
  friends: z.number().int(),
  /** Private counts: present only in your own stats. */
  pendingReceived: z.number().int().nullable(),
  pendingSent: z.number().int().nullable(),
  blocked: z.number().int().nullable(),
});
export type ConnectionStats = z.infer<typeof connectionStats>;

export const suggestion = z.object({
  user: publicProfile,
  mutualCount: z.number().int(),
  mutualNames: z.array(z.string()),
});
export type Suggestion = z.infer<typeof suggestion>;
export const suggestionList = z.array(suggestion);
