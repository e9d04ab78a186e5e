import { z } from 'zod';
import { rapportEvent, type RapportEvent } from '../../schemas/events';

// An event type is defined once, in `rapportEvent` (schemas/events.ts): the
// shape the SDK receives. What the log stores for it is derived here, and
// both writers (appendEvents for transactions, logEvents for one-statement
// writes) are typed by that derivation, so a writer cannot store a payload
// the schema does not describe (docs/ARCHITECTURE.md, "Event log").

/** Never stored: sent live to whoever is connected, or made by the stream itself. */
const EPHEMERAL = ['typing', 'presence', 'resync', 'ready'] as const;
type EphemeralType = (typeof EPHEMERAL)[number];

export type EphemeralEvent = Extract<RapportEvent, { type: 'typing' | 'presence' }>;
type DurableEvent = Exclude<RapportEvent, { type: EphemeralType }>;
export type DurableType = DurableEvent['type'];

/**
 * Message events store only the message's id: the reader joins the message
 * as it is at delivery, so a deleted message's content never goes out after
 * the deletion.
 */
export const JOINS_MESSAGE = ['message.created', 'message.edited'] as const;
type JoinsMessage = (typeof JOINS_MESSAGE)[number];

/**
 * Circle post events store only the post's id, for the same reason: the
 * reader joins the live post, so a deleted one's text never goes out after
 * its deletion (the event is dropped instead).
 */
export const JOINS_POST = ['circle.post.created', 'circle.post.edited'] as const;
type JoinsPost = (typeof JOINS_POST)[number];

/**
 * Membership of a circle: delivered to its audience only (the member
 * concerned), and read by the hub to keep its index of who is in which circle.
 */
export const CIRCLE_MEMBERSHIP = ['circle.joined', 'circle.left'] as const;

/** Columns of the events table, not payload keys. */
const ENVELOPE = ['type', 'at', 'conversationId', 'circleId'] as const;

/** What the log stores for each durable type: the event minus its envelope. */
export type StoredPayload<T extends DurableType> = T extends JoinsMessage
  ? { messageId: string }
  : T extends JoinsPost
    ? { postId: string }
    : Omit<Extract<DurableEvent, { type: T }>, (typeof ENVELOPE)[number]>;

/**
 * Internal to the server: a block changes which events each side may
 * receive. Delivered to nobody; the hub updates its block sets from them.
 */
export const INTERNAL_TYPES = ['connection.blocked', 'connection.unblocked'] as const;
export type InternalEventType = (typeof INTERNAL_TYPES)[number];
export const blockPayload = z.object({
  blockerId: z.uuid(),
  blockedId: z.uuid(),
  /** On an unblock: whether the other person still blocks this one. */
  stillBlocked: z.boolean().optional(),
});
export type BlockPayload = z.infer<typeof blockPayload>;

export const isJoinedMessageType = (type: string): type is JoinsMessage => (JOINS_MESSAGE as readonly string[]).includes(type);
export const isJoinedPostType = (type: string): type is JoinsPost => (JOINS_POST as readonly string[]).includes(type);
export const isInternalType = (type: string): type is InternalEventType => (INTERNAL_TYPES as readonly string[]).includes(type);

/** Every durable type, for checks that the log and the schema agree. */
export const DURABLE_TYPES: readonly DurableType[] = rapportEvent.options
  .map((option) => option.shape.type.value)
  .filter((type): type is DurableType => !(EPHEMERAL as readonly string[]).includes(type));

/**
 * The schema a stored payload of this type must satisfy, derived from the
 * delivered schema; null for a type no schema defines. For tests and
 * diagnostics: the writers are held to it by type.
 */
export function storedPayloadSchema(type: string): z.ZodType | null {
  if (isInternalType(type)) return blockPayload.strict();
  if (isJoinedMessageType(type)) return z.object({ messageId: z.uuid() }).strict();
  if (isJoinedPostType(type)) return z.object({ postId: z.uuid() }).strict();
  const option = rapportEvent.options.find((o) => o.shape.type.value === type);
  if (option === undefined || (EPHEMERAL as readonly string[]).includes(type)) return null;
  const shape = Object.fromEntries(Object.entries(option.shape).filter(([key]) => !(ENVELOPE as readonly string[]).includes(key)));
  return z.object(shape).strict();
}
