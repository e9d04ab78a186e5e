import { z } from 'zod';
import { LIMITS } from '../limits';
import { pageInput } from '../pagination';
import { instantInput } from './dates';
import { paragraph } from './session-requests/fields';
import { personPreview } from './user';

const isoTime = z.iso.datetime();

export const rateInput = z.strictObject({
  activityId: z.uuid(),
  userId: z.uuid(),
  score: z.number().int().min(1, 'A rating is 1 to 5.').max(5, 'A rating is 1 to 5.'),
  comment: paragraph(LIMITS.ratingCommentChars).optional(),
});
export type RateInput = z.output<typeof rateInput>;

export const ratingSummaryInput = z.strictObject({ userId: z.uuid() });
export type RatingSummaryInput = z.output<typeof ratingSummaryInput>;

export const givenRatingsInput = z.strictObject({ activityId: z.uuid() });
export type GivenRatingsInput = z.output<typeof givenRatingsInput>;

/** Ratings I was given, newest first: a page continues from a time, an activity and a rater. */
export const receivedPosition = z.tuple([instantInput, z.uuid(), z.uuid()]);
export const receivedRatingsInput = z.strictObject({ ...pageInput(receivedPosition) }).prefault({});
export type ReceivedRatingsInput = z.output<typeof receivedRatingsInput>;

export const ratingView = z.object({
  activity: z.object({ id: z.uuid(), title: z.string(), startsAt: isoTime }),
  rater: personPreview,
  rated: personPreview,
  score: z.number().int(),
  comment: z.string().nullable(),
  createdAt: isoTime,
  updatedAt: isoTime,
  /** Until when the rater may change it. */
  editableUntil: isoTime,
});
export type RatingView = z.infer<typeof ratingView>;

export const ratingSummary = z.object({
  userId: z.uuid(),
  count: z.number().int(),
  /** Rounded to one decimal; null with no ratings. */
  average: z.number().nullable(),
  distribution: z.object({ 1: z.number().int(), 2: z.number().int(), 3: z.number().int(), 4: z.number().int(), 5: z.number().int() }),
});
export type RatingSummary = z.infer<typeof ratingSummary>;
