import { z } from 'zod';
import { LIMITS } from '../../limits';
import { pageInput, timeIdCursor } from '../../pagination';
import { clientKeyInput } from '../client-key';
import { invitationCard } from '../invitations';
import { sessionRequestCard } from '../session-requests/requests';
import { hasControlCharacter } from '../user';

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
  width: z.number().int().min(1).max(LIMITS.attachmentPixelsPerSide).optional(),
  height: z.number().int().min(1).max(LIMITS.attachmentPixelsPerSide).optional(),
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

/** A position in one conversation: 1, 2, 3…; 0 means "before the first message". */
export const seqInput = z.number().int().min(0).max(Number.MAX_SAFE_INTEGER);

// The code points an emoji is built from: pictographs, skin-tone modifiers,
// flags (regional indicators and tag sequences), keycaps and the joiners and
// variation selector that glue them into one symbol.
const EMOJI_PARTS = /^(?:\p{Extended_Pictographic}|\p{Emoji_Presentation}|\p{Emoji_Modifier}|\p{Regional_Indicator}|\u200d|\ufe0f|\u20e3|[#*0-9]|[\u{e0020}-\u{e007f}])+$/u;
const EMOJI_CORE = /\p{Extended_Pictographic}|\p{Emoji_Presentation}|\p{Regional_Indicator}|\u20e3/u;
const WHITESPACE_OR_CONTROL = /[\s\p{Cc}]/u;
const graphemes = new Intl.Segmenter(undefined, { granularity: 'grapheme' });

/** True for exactly one emoji as a person sees it (one grapheme), modifiers and ZWJ sequences included. */
export function isSingleEmoji(text: string): boolean {
  return EMOJI_PARTS.test(text) && EMOJI_CORE.test(text) && [...graphemes.segment(text)].length === 1;
}

export const emojiInput = z
  .string()
  .min(1, 'Choose an emoji.')
  .max(LIMITS.reactionChars, `A reaction can be at most ${LIMITS.reactionChars} characters.`)
  .refine((s) => !WHITESPACE_OR_CONTROL.test(s), 'Remove spaces and control characters from the reaction.')
  .refine(isSingleEmoji, 'A reaction is a single emoji, such as 👍.');

export const reportReasonInput = z.enum(['spam', 'harassment', 'hate', 'violence', 'sexual', 'self_harm', 'other']);
export type ReportReason = z.infer<typeof reportReasonInput>;

export const reportDetailsInput = z
  .string()
  .trim()
  .max(LIMITS.reportDetailsChars, `Details can be at most ${LIMITS.reportDetailsChars} characters.`)
  .refine((s) => !s.includes('\u0000'), NO_NUL)
  .refine((s) => !hasControlCharacter(s, true), NO_CONTROL);

export const searchQueryInput = z
  .string()
  .trim()
  .min(1, 'Type something to search for.')
  .max(LIMITS.searchQueryChars, `A search can be at most ${LIMITS.searchQueryChars} characters.`)
  .refine((s) => !hasControlCharacter(s), NO_CONTROL);

/**
 * A history page cursor: the direction the pages run and the seq of the last
 * message handed out. Walking it continues the same way; the other way is a
 * fresh call with `before`/`after` at the first message a client holds.
 */
export const historyPosition = z.tuple([z.enum(['before', 'after']), z.string().regex(/^\d{1,16}$/)]);

export const messageKindOutput = z.enum(['text', 'image', 'file', 'location', 'system', 'session_request', 'invitation']);

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
  z.object({ ...messageFields, kind: z.literal('invitation'), metadata: invitationCard }),
]);
export type MessageView = z.infer<typeof messageView>;

// Procedure inputs and outputs of the chat router's message operations.

export const sendInput = z.object({
  conversationId: z.uuid(),
  clientKey: clientKeyInput,
  content: messageContentInput,
  replyToId: z.uuid().optional(),
});
export type SendInput = z.output<typeof sendInput>;

/** A call that names one message (get, delete). */
export const messageIdInput = z.object({ messageId: z.uuid() });
export type MessageIdInput = z.output<typeof messageIdInput>;

export const editInput = z.object({ messageId: z.uuid(), body: messageBodyInput });
export type EditInput = z.output<typeof editInput>;

/** One reaction of the caller's, to add or to remove. */
export const reactionInput = z.object({ messageId: z.uuid(), emoji: emojiInput });
export type ReactionInput = z.output<typeof reactionInput>;

export const historyInput = z
  .object({ conversationId: z.uuid(), before: seqInput.optional(), after: seqInput.optional(), ...pageInput(historyPosition) })
  .superRefine((input, ctx) => {
    // One starting point per call: the cursor already carries one.
    if (input.before !== undefined && input.after !== undefined) {
      ctx.addIssue({ code: 'custom', path: ['after'], message: 'Give before or after, not both.' });
    }
    if (input.cursor !== undefined && (input.before !== undefined || input.after !== undefined)) {
      ctx.addIssue({ code: 'custom', path: ['cursor'], message: 'A cursor already says where to continue: leave out before and after.' });
    }
  });
export type HistoryInput = z.output<typeof historyInput>;

export const searchInput = z.object({ query: searchQueryInput, conversationId: z.uuid().optional(), ...pageInput(timeIdCursor) });
export type SearchInput = z.output<typeof searchInput>;

export const searchHit = z.object({ message: messageView, conversationId: z.uuid() });
export type SearchHit = z.output<typeof searchHit>;

export const markReadInput = z.object({ conversationId: z.uuid(), seq: seqInput });
export type MarkReadInput = z.output<typeof markReadInput>;

export const readState = z.object({ lastReadSeq: z.number().int(), unreadCount: z.number().int() });
export type ReadState = z.output<typeof readState>;

/** How far one member has read (a read receipt). */
export const readerView = z.object({ userId: z.uuid(), lastReadSeq: z.number().int(), lastReadAt: z.iso.datetime().nullable() });
export type ReaderView = z.output<typeof readerView>;
/** Every member's read receipt, furthest first: a group is small enough to list whole. */
export const readersOutput = z.array(readerView);

export const reportInput = z.object({ messageId: z.uuid(), reason: reportReasonInput, details: reportDetailsInput.optional() });
export type ReportInput = z.output<typeof reportInput>;

export const reportResult = z.object({ reportId: z.uuid() });
export type ReportResult = z.output<typeof reportResult>;
