import { z } from 'zod';

const isoTime = z.iso.datetime();

/** What anyone signed in may see of a user. */
export const publicProfile = z.object({
  id: z.uuid(),
  name: z.string(),
  bio: z.string(),
  avatarUrl: z.string().nullable(),
  city: z.string().nullable(),
  interests: z.array(z.string()),
  createdAt: isoTime,
});
export type PublicProfile = z.infer<typeof publicProfile>;

/** The signed-in user's own profile. */
export const privateProfile = publicProfile.extend({ email: z.string(), updatedAt: isoTime });
export type PrivateProfile = z.infer<typeof privateProfile>;

export const profileFields = {
  name: z.string().trim().min(1, 'Enter a name.').max(100),
  bio: z.string().trim().max(1000),
  avatarUrl: z.url({ protocol: /^https$/, error: 'Use an https:// URL.' }).max(2048).nullable(),
  city: z.string().trim().min(1).max(100).nullable(),
  interests: z.array(z.string().trim().min(1).max(40)).max(20, 'At most 20 interests.'),
};
