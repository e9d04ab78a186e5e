import type { inferRouterInputs, inferRouterOutputs } from '@trpc/server';
import type { AppRouter } from './router';

type Outputs = inferRouterOutputs<AppRouter>;
type Inputs = inferRouterInputs<AppRouter>;

/** What anyone signed in sees of a user: name, bio, avatar, city, interests and identity badge (never the age or email). */
export type PublicProfile = Outputs['users']['get'];
/** The signed-in user's own profile: the public one with email, age and time zone. */
export type PrivateProfile = Outputs['auth']['me']['user'];
/** One of the ten "connection identity" badges, or null. */
export type IdentityBadge = NonNullable<PublicProfile['identityBadge']>;
/** `users.updateMe`: only the fields given change; null clears one. Interests are matched to the known set (`users.interests`). */
export type ProfileUpdateInput = Inputs['users']['updateMe'];
/** The interests a profile may list, by category: what an app's picker offers. */
export type InterestCatalogue = Outputs['users']['interests'];

/** Someone `community.discover` suggests, with the score (0–100) and the reasons it comes from. */
export type DiscoveredPerson = Outputs['community']['discover']['items'][number];
export type DiscoverInput = Inputs['community']['discover'];
/** `community.dashboard`: streak, friends, circles, unread notifications, the day's message; courses, credits and referrals are null (not offered yet). */
export type Dashboard = Outputs['community']['dashboard'];
export type Streak = Dashboard['streak'];
