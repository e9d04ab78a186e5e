import { z } from 'zod';
import { LIMITS } from '../limits';
import { pageInput, timeIdCursor } from '../pagination';
import { instantInput } from './dates';
import { line, paragraph } from './session-requests/fields';
import { personPreview } from './user';

const isoTime = z.iso.datetime();

export const invitationStatus = z.enum(['pending', 'accepted', 'declined', 'cancelled', 'expired']);

export const sendInvitationInput = z.strictObject({
  activityId: z.uuid(),
  recipientId: z.uuid(),
  /** A personal note: "Come along, it's an easy pace!" */
  message: paragraph(LIMITS.invitationMessageChars).default(''),
  /** An ice-breaker for the chat: "What's your favourite trail?" */
  question: line(LIMITS.invitationQuestionChars).optional(),
  /** When it lapses: by default, and at the latest, when the activity starts. */
  expiresAt: instantInput.optional(),
});
export type SendInvitationInput = z.output<typeof sendInvitationInput>;

export const invitationRefInput = z.strictObject({ invitationId: z.uuid() });
export type InvitationRefInput = z.output<typeof invitationRefInput>;

export const declineInvitationInput = z.strictObject({ invitationId: z.uuid(), reason: line(LIMITS.invitationReasonChars).optional() });
export type DeclineInvitationInput = z.output<typeof declineInvitationInput>;

export const listInvitationsInput = z.strictObject({
  box: z.enum(['sent', 'received']),
  status: invitationStatus.optional(),
  ...pageInput(timeIdCursor),
});
export type ListInvitationsInput = z.output<typeof listInvitationsInput>;

export const invitationActivity = z.object({
  id: z.uuid(),
  title: z.string(),
  locationLabel: z.string(),
  startsAt: isoTime,
  endsAt: isoTime,
  status: z.enum(['scheduled', 'cancelled']),
});

export const invitationView = z.object({
  id: z.uuid(),
  activity: invitationActivity,
  sender: personPreview,
  recipient: personPreview,
  message: z.string(),
  question: z.string().nullable(),
  /** `expired` once `expiresAt` has passed unanswered, whether or not anyone has looked since. */
  status: invitationStatus,
  /** Why it was declined or cancelled, when a reason was given. */
  reason: z.string().nullable(),
  expiresAt: isoTime,
  createdAt: isoTime,
  respondedAt: isoTime.nullable(),
  /** The direct conversation the accepted invitation's card is in. */
  conversationId: z.uuid().nullable(),
  messageId: z.uuid().nullable(),
});
export type InvitationView = z.infer<typeof invitationView>;

export const acceptResult = z.object({
  invitation: invitationView,
  /** A seat, or a place in line (1 is next) when the activity was full. */
  seat: z.object({ status: z.enum(['participant', 'waitlisted']), waitlistPosition: z.number().int().nullable() }),
});
export type AcceptResult = z.infer<typeof acceptResult>;

/** The card an accepted invitation posts in the two people's chat. */
export const invitationCard = z.object({
  invitationId: z.uuid(),
  activityId: z.uuid(),
  title: z.string(),
  locationLabel: z.string(),
  startsAt: isoTime,
  senderId: z.uuid(),
  recipientId: z.uuid(),
  message: z.string(),
  question: z.string().nullable(),
  status: invitationStatus,
  seat: z.enum(['participant', 'waitlisted']),
});
export type InvitationCard = z.infer<typeof invitationCard>;
