import { and, eq, inArray, not, users, type Executor } from '@rapport/db';
import type { IdentityBadge, PersonPreview, PrivateProfile, PublicProfile } from '../schemas/user';
import { blockedEitherWay, blocks } from './blocks';
import type { SameValues } from './same-values';

type UserRow = typeof users.$inferSelect;

const sameBadges: SameValues<NonNullable<UserRow['identityBadge']>, IdentityBadge> = true;
void sameBadges;

/** The columns anyone may see of a user. */
export const publicColumns = (t: typeof users) => ({
  id: t.id,
  name: t.name,
  bio: t.bio,
  avatarUrl: t.avatarUrl,
  city: t.city,
  interests: t.interests,
  identityBadge: t.identityBadge,
  createdAt: t.createdAt,
});
export type PublicUserRow = Pick<UserRow, keyof ReturnType<typeof publicColumns>>;

export function toPublicProfile(row: PublicUserRow): PublicProfile {
  return {
    id: row.id,
    name: row.name,
    bio: row.bio,
    avatarUrl: row.avatarUrl,
    city: row.city,
    interests: row.interests,
    identityBadge: row.identityBadge,
    createdAt: row.createdAt.toISOString(),
  };
}

export function toPrivateProfile(row: UserRow): PrivateProfile {
  return { ...toPublicProfile(row), email: row.email, age: row.age, timeZone: row.timeZone, updatedAt: row.updatedAt.toISOString() };
}

export const toPersonPreview = (row: PublicUserRow): PersonPreview => ({ id: row.id, name: row.name, avatarUrl: row.avatarUrl });

/**
 * Users by id, each once; ids that match nobody are missing from the map.
 * With `hiddenFrom`, anyone who blocks that viewer is left out too, as if
 * they did not exist: what every list of people shown to a viewer needs.
 */
export async function usersById(db: Executor, ids: readonly string[], options: { hiddenFrom?: string } = {}): Promise<Map<string, PublicUserRow>> {
  if (ids.length === 0) return new Map();
  const wanted = inArray(users.id, [...new Set(ids)]);
  const rows = await db
    .select(publicColumns(users))
    .from(users)
    .where(options.hiddenFrom === undefined ? wanted : and(wanted, not(blocks(users.id, options.hiddenFrom))));
  return new Map(rows.map((r) => [r.id, r]));
}

/**
 * One user as a viewer may look them up: null when either blocks the other,
 * so a profile, and what hangs off it, is "not found" both ways.
 */
export async function userVisibleTo(db: Executor, userId: string, viewerId: string): Promise<PublicUserRow | null> {
  const [row] = await db
    .select(publicColumns(users))
    .from(users)
    .where(and(eq(users.id, userId), not(blockedEitherWay(users.id, viewerId))))
    .limit(1);
  return row ?? null;
}
