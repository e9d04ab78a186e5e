import type { users } from '@rapport/db';
import type { PrivateProfile, PublicProfile } from '../../schemas/user';

type UserRow = typeof users.$inferSelect;

export const publicColumns = (t: typeof users) => ({
  id: t.id,
  name: t.name,
  bio: t.bio,
  avatarUrl: t.avatarUrl,
  city: t.city,
  interests: t.interests,
  createdAt: t.createdAt,
});

export function toPublicProfile(row: Pick<UserRow, 'id' | 'name' | 'bio' | 'avatarUrl' | 'city' | 'interests' | 'createdAt'>): PublicProfile {
  return {
    id: row.id,
    name: row.name,
    bio: row.bio,
    avatarUrl: row.avatarUrl,
    city: row.city,
    interests: row.interests,
    createdAt: row.createdAt.toISOString(),
  };
}

export function toPrivateProfile(row: UserRow): PrivateProfile {
  return { ...toPublicProfile(row), email: row.email, updatedAt: row.updatedAt.toISOString() };
}
