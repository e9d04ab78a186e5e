import { z } from 'zod';
import { LIMITS } from '../limits';
import { hasControlCharacter } from './user';
import { sessionRequestCard } from './session-requests/requests';

const isoTime = z.iso.datetime();
const NO_NUL = 'Remove the NUL character (\\0): it cannot be stored.';
const NO_CONTROL = 'Remove control characters.';

/** Message text: multi-line, trimmed, never empty once trimmed. */
export const messageBodyInput = z
  .string()
  .trim()
  .min(1, 'Write something to send.')
  .max(LIMITS.messageBodyChars, `A message can be at most ${LIMITS.messageBodyChars} characters.`)
  .refine((s) => !s.includes('\u0000'), NO_NUL);

export const attachmentInput = z.strictObject({
  url: z
    .url({ protocol: /^https$/, error: 'Attachments must be https:// URLs.' })
    .max(LIMITS.attachmentUrlChars)
    .refine((s) => !hasControlCharacter(s), NO_CONTROL),
  name: z.string().trim().min(1).max(LIMITS.attachmentNameChars).refine((s) => !hasControlCharacter(s), NO_CONTROL),
  size: z.number().int().min(0).max(LIMITS.attachmentMaxBytes),
  mimeType: z
    .string()
    .max(LIMITS.mimeTypeChars)
    .regex(/^[a-z0-9][a-z0-9!#$&^_.+-]*\/[a-z0-9][a-z0-9!#$&^_.+-]*$/i, 'Use a MIME type such as image/png.'),
  width: z.number().int().min(1).max(100_000).optional(),
  height: z.number().int().min(1).max(100_000).optional(),
});
export type Attachment = z.infer<typeof attachmentInput>;

export const locationInput = z.strictObject({
  latitude: z.number().min(-90).max(90),
  longitude: z.number().min(-180).max(180),
  label: z.string().trim().max(LIMITS.locationLabelChars).refine((s) => !hasControlCharacter(s), NO_CONTROL).optional(),
});

const attachments = z.array(attachmentInput).max(LIMITS.attachmentsPerMessage, `At most ${LIMITS.attachmentsPerMessage} attachments per message.`);

/**
 * What a user may send, by kind. `system` messages are written by the server
 * only (membership changes and the like), so they are not an input.
 */
export const messageContentInput = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('text'), body: messageBodyInput }),
  z.strictObject({
    kind: z.literal('image'),
    body: messageBodyInput.optional(),
    attachments: attachments
      .min(1, 'An image message needs at least one image.')
      .refine((list) => list.every((a) => a.mimeType.toLowerCase().startsWith('image/')), 'Every attachment of an image message must be an image/* type.'),
  }),
  z.strictObject({ kind: z.literal('file'), body: messageBodyInput.optional(), attachments: attachments.min(1, 'A file message needs at least one file.') }),
  z.strictObject({ kind: z.literal('location'), body: messageBodyInput.optional(), location: locationInput }),
]);
export type MessageContent = z.infer<typeof messageContentInput>;


export const messageKindOutput = z.enum(['text', 'image', 'file', 'location', 'system', 'session_request']);

export const reactionSummary = z.object({ emoji: z.string(), userIds: z.array(z.uuid()) });

const messageFields = {
  id: z.uuid(),
  conversationId: z.uuid(),
  /** Position in the conversation: 1, 2, 3… with no gaps. */
  seq: z.number().int(),
  senderId: z.uuid().nullable(),
  /** Null once deleted: a tombstone keeps its place but not its content. */
  body: z.string().nullable(),
  attachments: z.array(attachmentInput),
  location: locationInput.nullable(),
  replyToId: z.uuid().nullable(),
  /** The sender's idempotency key, so a client can match its pending copy. */
  clientKey: z.string().nullable(),
  editedAt: isoTime.nullable(),
  deletedAt: isoTime.nullable(),
  createdAt: isoTime,
  reactions: z.array(reactionSummary),
};

/**
 * One message, discriminated by `kind`: a `session_request` message carries
 * its request card as typed metadata, so checking the kind narrows it.
 */
export const messageView = z.discriminatedUnion('kind', [
  z.object({
    ...messageFields,
    kind: z.enum(['text', 'image', 'file', 'location', 'system']),
    /** Structured data of system messages (what happened, to whom). */
    metadata: z.record(z.string(), z.unknown()).nullable(),
  }),
  z.object({ ...messageFields, kind: z.literal('session_request'), metadata: sessionRequestCard }),
]);
export type MessageView = z.infer<typeof messageView>;

export const memberRoleOutput = z.enum(['owner', 'admin', 'member']);

export const memberPreview = z.object({
  userId: z.uuid(),
  name: z.string(),
  avatarUrl: z.string().nullable(),
  role: memberRoleOutput,
});

export const conversationView = z.object({
  id: z.uuid(),
  kind: z.enum(['direct', 'group']),
  title: z.string().nullable(),
  description: z.string().nullable(),
  createdAt: isoTime,
  lastActivityAt: isoTime,
  lastSeq: z.number().int(),
  memberCount: z.number().int(),
  myRole: memberRoleOutput,
  lastReadSeq: z.number().int(),
  /** last_seq − my last_read_seq: no count over messages. */
  unreadCount: z.number().int(),
  muted: z.boolean(),
  mutedUntil: isoTime.nullable(),
  archived: z.boolean(),
  lastMessage: messageView.nullable(),
  /** The first few members (for a direct conversation: both). */
  members: z.array(memberPreview),
});
export type ConversationView = z.infer<typeof conversationView>;

export const groupTitleInput = z
  .string()
  .trim()
  .min(1, 'Give the group a title.')
  .max(LIMITS.groupTitleChars)
  .refine((s) => !hasControlCharacter(s), NO_CONTROL);

export const groupDescriptionInput = z
  .string()
  .trim()
  .max(LIMITS.groupDescriptionChars)
  .refine((s) => !hasControlCharacter(s, true), NO_CONTROL);
