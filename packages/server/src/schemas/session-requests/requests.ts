import { z } from 'zod';
import { LIMITS } from '../../limits';
import { pageInput, timeIdCursor } from '../../pagination';
import { clientKeyInput } from '../client-key';
import { personPreview } from '../user';
import {
  calendarDateInput,
  clockTimeInput,
  paragraph,
  priceInput,
  scheduleTypeInput,
  timeZoneInput,
  weekday,
  weekdayInput,
} from './fields';
import { packageView } from './packages';

const isoTime = z.iso.datetime();

export const requesterRoleInput = z.enum(['student', 'parent']);
export const sessionRequestStatus = z.enum(['pending', 'accepted', 'rejected', 'cancelled']);
export type SessionRequestStatus = z.infer<typeof sessionRequestStatus>;

/**
 * A request for one of a tutor's packages. The times are the requester's
 * preferred window, wall-clock in `timeZone` when given. The schedule's own
 * rules (days for a recurring schedule, a start date for a one-time one, a
 * window that fits one session) are checked by the service against the
 * package, so the error can name the package.
 */
export const sessionRequestCreateInput = z.strictObject({
  /** The role the request is made in: a student for themself, or a parent for a child. */
  requesterRole: requesterRoleInput,
  tutorId: z.uuid(),
  packageId: z.uuid(),
  /** The student who attends: required for a parent, optional (yourself) for a student. */
  studentId: z.uuid().optional(),
  message: paragraph(LIMITS.requestNoteChars).optional(),
  scheduleType: scheduleTypeInput,
  days: z
    .array(weekdayInput)
    .max(7)
    .refine((days) => new Set(days).size === days.length, 'Name each day once.')
    .optional(),
  startTime: clockTimeInput,
  endTime: clockTimeInput,
  startDate: calendarDateInput.optional(),
  timeZone: timeZoneInput.optional(),
  /** The price the requester proposes instead of the package's, in its currency. */
  counterOfferPrice: priceInput.refine((n) => n > 0, 'A counter-offer must be more than zero.').optional(),
  /** Makes the create safe to retry: the same key returns the first request. */
  clientKey: clientKeyInput.optional(),
}).superRefine((input, ctx) => {
  // Rules between fields, reported against the field to fix. Rules that
  // depend on the package (its schedule type, one session's length) are the
  // service's, so their message can name the package.
  if (input.requesterRole === 'parent' && input.studentId === undefined) {
    ctx.addIssue({ code: 'custom', path: ['studentId'], message: 'As a parent, name which of your children the sessions are for.' });
  }
  if (input.scheduleType === 'recurring' && (input.days ?? []).length === 0) {
    ctx.addIssue({ code: 'custom', path: ['days'], message: 'A recurring schedule needs at least one day of the week.' });
  }
  if (input.scheduleType === 'one_time') {
    if (input.startDate === undefined) ctx.addIssue({ code: 'custom', path: ['startDate'], message: 'A one-time session needs a date.' });
    if ((input.days ?? []).length > 0) {
      ctx.addIssue({ code: 'custom', path: ['days'], message: 'Days of the week are for recurring schedules; give a startDate instead.' });
    }
  }
  if (input.endTime <= input.startTime) {
    ctx.addIssue({ code: 'custom', path: ['endTime'], message: 'The end time must be after the start time (same day).' });
  }
});
export type SessionRequestCreateInput = z.output<typeof sessionRequestCreateInput>;

/** A package as the request saw it: its offer, without the tutor's bookkeeping. */
export const packageSnapshot = packageView.pick({
  id: true,
  name: true,
  description: true,
  sessionCount: true,
  minutesPerSession: true,
  price: true,
  currency: true,
  scheduleType: true,
});

export const requestSchedule = z.object({
  scheduleType: scheduleTypeInput,
  days: z.array(weekday),
  startTime: z.string(),
  endTime: z.string(),
  startDate: z.string().nullable(),
  timeZone: z.string().nullable(),
});

/**
 * The metadata of a `session_request` message: everything a chat client needs
 * to draw the request card from history alone. `status`, `rejectReason` and
 * `respondedAt` follow the request (the message is updated, and
 * `message.edited` sent, on every transition).
 */
export const sessionRequestCard = z.object({
  requestId: z.uuid(),
  status: sessionRequestStatus,
  requesterRole: requesterRoleInput,
  requesterId: z.uuid(),
  studentId: z.uuid(),
  studentName: z.string(),
  tutorId: z.uuid(),
  package: packageSnapshot,
  schedule: requestSchedule,
  counterOfferPrice: z.number().nullable(),
  rejectReason: z.string().nullable(),
  respondedAt: isoTime.nullable(),
});
export type SessionRequestCard = z.infer<typeof sessionRequestCard>;

export const sessionRequestView = z.object({
  id: z.uuid(),
  status: sessionRequestStatus,
  requesterRole: requesterRoleInput,
  requester: personPreview,
  student: personPreview,
  tutor: personPreview,
  /** The package as it was when the request was sent. */
  package: packageSnapshot,
  note: z.string().nullable(),
  schedule: requestSchedule,
  counterOfferPrice: z.number().nullable(),
  rejectReason: z.string().nullable(),
  respondedBy: z.uuid().nullable(),
  respondedAt: isoTime.nullable(),
  /** The direct conversation between requester and tutor, and the request's message in it. */
  conversationId: z.uuid(),
  messageId: z.uuid(),
  clientKey: z.string().nullable(),
  createdAt: isoTime,
  updatedAt: isoTime,
});
export type SessionRequestView = z.infer<typeof sessionRequestView>;

/**
 * sent: I asked; received: I am the tutor; attending: I am the student,
 * whoever asked (my own and my parents' bookings for me); children: for my
 * linked children, whoever asked.
 */
export const requestBoxInput = z.enum(['sent', 'received', 'attending', 'children']);

export const listSessionRequestsInput = z.object({ box: requestBoxInput, status: sessionRequestStatus.optional(), ...pageInput(timeIdCursor) });
export type ListSessionRequestsInput = z.output<typeof listSessionRequestsInput>;

/** One request, by id: to read, accept or cancel it. */
export const sessionRequestRefInput = z.object({ requestId: z.uuid() });
export type SessionRequestRefInput = z.output<typeof sessionRequestRefInput>;

const rejectReasonInput = paragraph(LIMITS.rejectReasonChars);

/** The tutor's decline, with the reason the requester reads, if any. */
export const rejectSessionRequestInput = sessionRequestRefInput.extend({ reason: rejectReasonInput.optional() });
export type RejectSessionRequestInput = z.output<typeof rejectSessionRequestInput>;
