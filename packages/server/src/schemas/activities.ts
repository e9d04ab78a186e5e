import { z } from 'zod';
import { LIMITS } from '../limits';
import { pageInput, timeIdCursor } from '../pagination';
import { clientKeyInput } from './client-key';
import { futureInstantInput, instantInput } from './dates';
import { line, paragraph } from './session-requests/fields';
import { personPreview } from './user';

const isoTime = z.iso.datetime();

/**
 * A tag as people type it ("Trail Running", "#running") becomes one form:
 * lower case, words joined by hyphens, no leading #. What is left must be
 * letters, digits and hyphens.
 */
export const tagInput = z
  .string()
  .max(LIMITS.activityTagChars * 2, `A tag has at most ${LIMITS.activityTagChars} characters.`)
  .transform((tag) => tag.trim().replace(/^#+/, '').toLowerCase().replace(/[\s_]+/g, '-'))
  .pipe(
    z
      .string()
      .min(1, 'A tag cannot be empty.')
      .max(LIMITS.activityTagChars, `A tag has at most ${LIMITS.activityTagChars} characters.`)
      .regex(/^[\p{L}\p{N}]+(-[\p{L}\p{N}]+)*$/u, 'A tag is letters and digits, words joined by hyphens (e.g. trail-running).'),
  );

const tagsInput = z
  .array(tagInput)
  .max(LIMITS.tagsPerActivity, `At most ${LIMITS.tagsPerActivity} tags.`)
  .transform((tags) => [...new Set(tags)]);

const latitude = z.number().min(-90, 'A latitude is between -90 and 90.').max(90, 'A latitude is between -90 and 90.');
const longitude = z.number().min(-180, 'A longitude is between -180 and 180.').max(180, 'A longitude is between -180 and 180.');
const place = z.strictObject({ latitude, longitude });

const capacity = z
  .number()
  .int()
  .min(2, 'An activity has at least 2 seats: the host and one more.')
  .max(LIMITS.activityCapacity, `An activity has at most ${LIMITS.activityCapacity} seats.`);

const startsAt = futureInstantInput(LIMITS.activityDaysAhead, 'An activity cannot start in the past.');
const endsAt = instantInput;

export const activityVisibility = z.enum(['public', 'invite_only']);

const endsAfterStart = (input: { startsAt?: string; endsAt?: string }) =>
  input.startsAt === undefined || input.endsAt === undefined || Date.parse(input.endsAt) > Date.parse(input.startsAt);
const lastsAtMost = (input: { startsAt?: string; endsAt?: string }) =>
  input.startsAt === undefined || input.endsAt === undefined || Date.parse(input.endsAt) - Date.parse(input.startsAt) <= LIMITS.activityMaxHours * 3_600_000;

export const createActivityInput = z
  .strictObject({
    title: line(LIMITS.activityTitleChars),
    description: paragraph(LIMITS.activityDescriptionChars).default(''),
    locationLabel: line(LIMITS.activityLocationChars),
    /** Where exactly, if the host wants it findable by distance. */
    place: place.nullish(),
    startsAt,
    endsAt,
    capacity,
    tags: tagsInput.default([]),
    visibility: activityVisibility.default('public'),
    clientKey: clientKeyInput.optional(),
  })
  .refine(endsAfterStart, { message: 'The end must be after the start.', path: ['endsAt'] })
  .refine(lastsAtMost, { message: `An activity lasts at most ${LIMITS.activityMaxHours} hours.`, path: ['endsAt'] });
export type CreateActivityInput = z.output<typeof createActivityInput>;

export const updateActivityInput = z
  .strictObject({
    activityId: z.uuid(),
    title: line(LIMITS.activityTitleChars).optional(),
    description: paragraph(LIMITS.activityDescriptionChars).optional(),
    locationLabel: line(LIMITS.activityLocationChars).optional(),
    /** null clears the place. */
    place: place.nullish(),
    startsAt: startsAt.optional(),
    endsAt: endsAt.optional(),
    capacity: capacity.optional(),
    tags: tagsInput.optional(),
    visibility: activityVisibility.optional(),
  })
  .refine((input) => Object.keys(input).length > 1, 'Name at least one field to change.')
  .refine(endsAfterStart, { message: 'The end must be after the start.', path: ['endsAt'] });
export type UpdateActivityInput = z.output<typeof updateActivityInput>;

export const cancelActivityInput = z.strictObject({ activityId: z.uuid(), reason: line(LIMITS.activityCancelReasonChars) });
export type CancelActivityInput = z.output<typeof cancelActivityInput>;

export const activityRefInput = z.strictObject({ activityId: z.uuid() });
export type ActivityRefInput = z.output<typeof activityRefInput>;

export const removeParticipantInput = z.strictObject({ activityId: z.uuid(), userId: z.uuid() });
export type RemoveParticipantInput = z.output<typeof removeParticipantInput>;

/**
 * My activities: those I host, take part in, wait for, or am invited to;
 * upcoming (not yet ended; for invitations, not yet lapsed) or past.
 */
export const myActivitiesInput = z.strictObject({
  role: z.enum(['hosting', 'joined', 'waitlisted', 'invited']),
  when: z.enum(['upcoming', 'past']).default('upcoming'),
  ...pageInput(timeIdCursor),
});
export type MyActivitiesInput = z.output<typeof myActivitiesInput>;

/** The participants, in the order they came. */
export const participantsInput = z.strictObject({ activityId: z.uuid(), ...pageInput(timeIdCursor) });
export type ParticipantsInput = z.output<typeof participantsInput>;

/** Search of public upcoming activities. With a point, nearest first within the radius; otherwise soonest first. */
export const searchActivitiesInput = z
  .strictObject({
    query: z.string().trim().max(LIMITS.activityTitleChars).optional(),
    tags: z.array(tagInput).max(LIMITS.tagsPerActivity, `At most ${LIMITS.tagsPerActivity} tags.`).optional(),
    from: instantInput.optional(),
    to: instantInput.optional(),
    latitude: latitude.optional(),
    longitude: longitude.optional(),
    radiusKm: z
      .number()
      .min(0.1, 'A radius is at least 0.1 km.')
      .max(LIMITS.activitySearchRadiusKm, `A radius is at most ${LIMITS.activitySearchRadiusKm} km.`)
      .default(LIMITS.activityDefaultRadiusKm),
    cursor: z.string().max(500).optional(),
    limit: pageInput(timeIdCursor).limit,
  })
  .refine((input) => (input.latitude === undefined) === (input.longitude === undefined), {
    message: 'Give a latitude and a longitude together.',
    path: ['longitude'],
  })
  .refine((input) => input.from === undefined || input.to === undefined || Date.parse(input.to) >= Date.parse(input.from), {
    message: 'The window ends before it starts.',
    path: ['to'],
  });
export type SearchActivitiesInput = z.output<typeof searchActivitiesInput>;

export const myActivityStatus = z.enum(['host', 'participant', 'waitlisted', 'invited', 'none']);

export const activityView = z.object({
  id: z.uuid(),
  host: personPreview,
  title: z.string(),
  description: z.string(),
  locationLabel: z.string(),
  place: z.object({ latitude: z.number(), longitude: z.number() }).nullable(),
  startsAt: isoTime,
  endsAt: isoTime,
  capacity: z.number().int(),
  participantCount: z.number().int(),
  remainingSeats: z.number().int(),
  waitlistCount: z.number().int(),
  tags: z.array(z.string()),
  visibility: activityVisibility,
  status: z.enum(['scheduled', 'cancelled']),
  cancelReason: z.string().nullable(),
  myStatus: myActivityStatus,
  /** Where I stand in the line (1 is next), when I am waitlisted. */
  myWaitlistPosition: z.number().int().nullable(),
  /** Rounded to 0.1 km, when the search gave a point and the activity has a place. */
  distanceKm: z.number().nullable(),
  createdAt: isoTime,
  updatedAt: isoTime,
});
export type ActivityView = z.infer<typeof activityView>;

/** What a join did: a seat, or a place in the line. */
export const joinResult = z.object({
  status: z.enum(['participant', 'waitlisted']),
  /** 1 is next in line; null with a seat. */
  waitlistPosition: z.number().int().nullable(),
  activity: activityView,
});
export type JoinResult = z.infer<typeof joinResult>;

export const participantView = personPreview.extend({ joinedAt: isoTime, host: z.boolean() });
export type ParticipantView = z.infer<typeof participantView>;
