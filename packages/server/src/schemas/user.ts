import { z } from 'zod';
import { LIMITS } from '../limits';
import { pageInput } from '../pagination';
import { interestsInput } from './interests';
import { timeZoneInput } from './session-requests/fields';

const isoTime = z.iso.datetime();

/** The seed's ten "connection identity" badges (the pg enum identity_badge); a user picks one or none. */
export const IDENTITY_BADGES = [
  'Connector',
  'Creator',
  'Thinker',
  'Builder',
  'Explorer',
  'Visionary',
  'Calm Presence',
  'Funny Friend',
  'Listener',
  'Leader',
] as const;
export const identityBadgeView = z.enum(IDENTITY_BADGES);
export type IdentityBadge = z.infer<typeof identityBadgeView>;

/** What anyone signed in may see of a user. Age and time zone are not in it: they are the user's own. */
export const publicProfile = z.object({
  id: z.uuid(),
  name: z.string(),
  bio: z.string(),
  avatarUrl: z.string().nullable(),
  city: z.string().nullable(),
  interests: z.array(z.string()),
  identityBadge: identityBadgeView.nullable(),
  createdAt: isoTime,
});
export type PublicProfile = z.infer<typeof publicProfile>;

/** The signed-in user's own profile. */
export const privateProfile = publicProfile.extend({
  email: z.string(),
  age: z.number().int().nullable(),
  timeZone: z.string(),
  updatedAt: isoTime,
});
export type PrivateProfile = z.infer<typeof privateProfile>;

/**
 * True when the text holds a control character: PostgreSQL cannot store NUL at
 * all (the write would fail as a server error), and no name needs the others.
 * Line breaks and tabs are allowed where the text is multi-line.
 */
export function hasControlCharacter(text: string, multiline = false): boolean {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (multiline && (c === 0x09 || c === 0x0a || c === 0x0d)) continue;
    if (c < 0x20 || c === 0x7f) return true;
  }
  return false;
}

const NO_CONTROL = 'Remove control characters.';
const line = (max: number) => z.string().trim().min(1).max(max).refine((s) => !hasControlCharacter(s), NO_CONTROL);

export const profileFields = {
  name: z.string().trim().min(1, 'Enter a name.').max(LIMITS.profileNameChars).refine((s) => !hasControlCharacter(s), NO_CONTROL),
  bio: z.string().trim().max(LIMITS.profileBioChars).refine((s) => !hasControlCharacter(s, true), NO_CONTROL),
  avatarUrl: z
    .url({ protocol: /^https$/, error: 'Use an https:// URL.' })
    .max(LIMITS.avatarUrlChars)
    .refine((s) => !hasControlCharacter(s), NO_CONTROL)
    .nullable(),
  // Runs of spaces become one, so "San  Francisco " is the city "San Francisco"
  // (discover compares lower(city)).
  city: line(LIMITS.cityChars)
    .transform((city) => city.replace(/\s+/g, ' '))
    .nullable(),
  interests: interestsInput,
  identityBadge: z.enum(IDENTITY_BADGES, { error: `Pick one of the badges: ${IDENTITY_BADGES.join(', ')}.` }).nullable(),
  age: z
    .number({ error: 'Give the age as a whole number.' })
    .int('Give the age as a whole number.')
    .min(LIMITS.adultAge, `Rapport is for adults: the age must be at least ${LIMITS.adultAge}.`)
    .max(LIMITS.maxAge, `Give an age up to ${LIMITS.maxAge}.`)
    .nullable(),
  // The streak counts days in this zone.
  timeZone: timeZoneInput,
};

/** users.get */
export const getProfileInput = z.object({ userId: z.uuid() });
export type GetProfileInput = z.output<typeof getProfileInput>;

/** users.updateMe: only the fields given change; a field set to null is cleared. */
export const updateProfileInput = z.object(profileFields).partial();
export type UpdateProfileInput = z.output<typeof updateProfileInput>;

/** Where a name search left off: the lowercased name and the id that breaks ties. */
export const nameIdCursor = z.tuple([z.string().max(200), z.uuid()]);

const searchQuery = z
  .string()
  .trim()
  .min(1, 'Type at least one character.')
  .max(LIMITS.userSearchQueryChars)
  .refine((s) => !hasControlCharacter(s), NO_CONTROL);

/** users.search */
export const searchUsersInput = z.object({ query: searchQuery, ...pageInput(nameIdCursor) });
export type SearchUsersInput = z.output<typeof searchUsersInput>;

/** The least that names a person beside something of theirs: a card, a family link. */
export const personPreview = z.object({ id: z.uuid(), name: z.string(), avatarUrl: z.string().nullable() });
export type PersonPreview = z.infer<typeof personPreview>;
