import { z } from 'zod';
import { LIMITS } from '../limits';

/**
 * The interests a profile may list, by category: the seed's circle categories
 * (Wellness, Fitness, Creative, Social) and its course ones (Growth,
 * Connection). A profile holds only these labels, spelled as here, so that
 * two people's interests compare equal (discover matches them with the GIN
 * index users_interests_idx). Each category's own name is an interest too:
 * the seed's profiles list "Wellness" beside "Yoga".
 *
 * Add labels freely; renaming or removing one leaves stored profiles holding
 * the old label (they still match each other, but the picker no longer offers it).
 */
export const INTEREST_CATEGORIES = {
  Wellness: ['Wellness', 'Meditation', 'Mindfulness', 'Yoga', 'Breathwork', 'Journaling', 'Nutrition', 'Sleep'],
  Fitness: ['Fitness', 'Running', 'Hiking', 'Cycling', 'Swimming', 'Climbing', 'Dance', 'Pilates', 'Strength Training'],
  Creative: ['Creative', 'Art', 'Painting', 'Photography', 'Music', 'Writing', 'Crafts', 'Cooking'],
  Social: ['Social', 'Board Games', 'Volunteering', 'Travel', 'Food & Drink', 'Movies', 'Book Club'],
  Growth: ['Growth', 'Reading', 'Learning', 'Languages', 'Career', 'Public Speaking', 'Emotional Intelligence'],
  Connection: ['Connection', 'Deep Conversations', 'Community', 'Parenting', 'Nature', 'Pets'],
} as const satisfies Record<string, readonly string[]>;

export type InterestCategory = keyof typeof INTEREST_CATEGORIES;
export type Interest = (typeof INTEREST_CATEGORIES)[InterestCategory][number];

/** How people type a label ("  yoga", "Board  games") compared with the canonical one. */
const comparable = (text: string) => text.trim().replace(/\s+/g, ' ').toLowerCase();

const CANONICAL = new Map<string, Interest>(
  Object.values(INTEREST_CATEGORIES).flatMap((labels) => labels.map((label): [string, Interest] => [comparable(label), label])),
);

/** One interest as typed: matched case-insensitively, spaces trimmed and collapsed, to its canonical label. */
export const interestInput = z
  .string()
  .max(LIMITS.interestChars, `An interest has at most ${LIMITS.interestChars} characters.`)
  .transform((text, ctx) => {
    const label = CANONICAL.get(comparable(text));
    if (label !== undefined) return label;
    ctx.addIssue({ code: 'custom', message: `"${text.trim()}" is not one of the interests offered; users.interests lists them.` });
    return z.NEVER;
  });

/** A profile's interests: known labels, each once, in the order first given. */
export const interestsInput = z
  .array(interestInput)
  .max(LIMITS.interestsPerProfile, `At most ${LIMITS.interestsPerProfile} interests.`)
  .transform((labels) => [...new Set(labels)]);

const CATEGORY_OF = new Map<string, InterestCategory>(
  Object.entries(INTEREST_CATEGORIES).flatMap(([category, labels]) => labels.map((label): [string, InterestCategory] => [label, category as InterestCategory])),
);

/** The categories some stored labels belong to, each with the first label that reaches it. */
export function categoriesOf(labels: readonly string[]): Map<InterestCategory, string> {
  const reached = new Map<InterestCategory, string>();
  for (const label of labels) {
    const category = CATEGORY_OF.get(label);
    if (category !== undefined && !reached.has(category)) reached.set(category, label);
  }
  return reached;
}

/** users.interests: what an app's picker offers, by category. */
export const interestCatalogue = z.array(z.object({ category: z.string(), interests: z.array(z.string()) }));
export type InterestCatalogue = z.infer<typeof interestCatalogue>;

export const INTEREST_CATALOGUE: InterestCatalogue = Object.entries(INTEREST_CATEGORIES).map(([category, labels]) => ({
  category,
  interests: [...labels],
}));
