import { MAX_PAGE_SIZE } from './pagination';

/**
 * Every size and rate the chat and realtime API enforce, in one place. Inputs
 * are validated against these (a clear BAD_REQUEST naming the field), and the
 * WebSocket frame limit is derived from them. The send rate is the only one
 * an operator may change (SEND_RATE_* in the environment).
 */
export const LIMITS = {
  messageBodyChars: 4000,
  attachmentsPerMessage: 10,
  attachmentUrlChars: 2048,
  attachmentNameChars: 255,
  attachmentMaxBytes: 2 * 1024 * 1024 * 1024,
  mimeTypeChars: 127,
  locationLabelChars: 200,
  clientKeyChars: 64,
  reactionChars: 16,
  distinctReactionsPerMessagePerUser: 20,
  reportDetailsChars: 1000,
  groupTitleChars: 100,
  groupDescriptionChars: 1000,
  groupMembers: 256,
  membersPerCall: 50,
  pageSize: MAX_PAGE_SIZE,
  searchQueryChars: 200,
  membersPreview: 5,
  // A typing indicator shows for this long after the last signal: a client
  // that stops sending them stops showing as typing on its own.
  typingTtlMs: 6000,
  subscriptionsPerConnection: 4,
  connectionsPerUser: 20,
  // A subscriber that falls this far behind is disconnected and resumes from
  // its last event id, rather than holding unbounded memory on the server.
  subscriberQueue: 5000,
  // Default send rate: a burst of 30, refilled at 5 per second per user.
  sendBurst: 30,
  sendPerSecond: 5,
  activePackagesPerTutor: 50,
} as const;

/**
 * The largest legal frame a client sends over the WebSocket: a message at its
 * longest (every character a 6-byte JSON escape), with every attachment at its
 * longest, in the tRPC envelope, batched as the client batches calls made in
 * one tick (up to 16 calls; about 1 MiB). Anything larger is refused by `ws` before it is parsed.
 */
const largestSend =
  LIMITS.messageBodyChars * 6 +
  LIMITS.attachmentsPerMessage * (LIMITS.attachmentUrlChars + LIMITS.attachmentNameChars * 6 + LIMITS.mimeTypeChars + 200) +
  LIMITS.locationLabelChars * 6 +
  1024;
const CALLS_PER_FRAME = 16;
export const WS_MAX_PAYLOAD_BYTES = largestSend * CALLS_PER_FRAME;
