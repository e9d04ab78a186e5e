import { z } from 'zod';

/** The signed-in user's streak: consecutive days active, in their time zone. */
export const streakView = z.object({
  /** Days in a row up to today or yesterday; 0 once a day has been missed. */
  current: z.number().int(),
  longest: z.number().int(),
  activeToday: z.boolean(),
});

/** A figure the product does not offer yet (courses, credits, referrals come with the next issue): always null until then. */
const notOfferedYet = z.number().int().nullable().meta({ description: 'Not offered yet: always null until the feature ships.' });

/** community.dashboard */
export const dashboardView = z.object({
  streak: streakView,
  /** Friends (accepted), from connection_counts. */
  connections: z.number().int(),
  circlesJoined: z.number().int(),
  unreadNotifications: z.number().int(),
  dailyMessage: z.string(),
  /** The calendar day in the user's time zone that the streak and the message are for (YYYY-MM-DD). */
  today: z.string(),
  coursesInProgress: notOfferedYet,
  credits: notOfferedYet,
  referrals: z
    .object({ count: z.number().int(), conversions: z.number().int() })
    .nullable()
    .meta({ description: 'Not offered yet: always null until referrals ship.' }),
});
export type DashboardView = z.infer<typeof dashboardView>;
