import { z } from 'zod';
import { DEFAULT_PAGE_SIZE, pageInput } from '../pagination';
import { publicProfile } from './user';

/** Where a discover page left off: the score (a cursor holds strings) and the id that breaks ties. */
export const scoreIdCursor = z.tuple([z.coerce.number().int().min(0).max(100), z.uuid()]);

/** community.discover */
export const discoverInput = z.object(pageInput(scoreIdCursor)).default({ limit: DEFAULT_PAGE_SIZE });
export type DiscoverInput = z.output<typeof discoverInput>;

/** A circle named as a reason two people would get along. */
export const circleName = z.object({ id: z.uuid(), name: z.string() });

/**
 * Someone the signed-in user would get along with, with the reasons: the
 * score is what domain/compatibility.ts makes of exactly these.
 */
export const discovered = z.object({
  user: publicProfile,
  /** 0–100. */
  score: z.number().int(),
  /** Interests both list, in the candidate's order. */
  commonInterests: z.array(z.string()),
  /** A few of the circles both are in (the count that scored is `circleCount`). */
  commonCircles: z.array(circleName),
  circleCount: z.number().int(),
  mutualFriends: z.number().int(),
  sameCity: z.boolean(),
});
export type Discovered = z.infer<typeof discovered>;
