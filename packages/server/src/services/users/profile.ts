import { eq, sql, users, type Database } from '@rapport/db';
import type { Actor } from '../../domain/sessions';
import { toPrivateProfile, toPublicProfile, userVisibleTo } from '../../domain/users';
import { notFound } from '../../errors';
import type { GetProfileInput, PrivateProfile, PublicProfile, UpdateProfileInput } from '../../schemas/user';

export async function getOwnProfile(db: Database, actor: Actor): Promise<PrivateProfile> {
  const [row] = await db.select().from(users).where(eq(users.id, actor.userId)).limit(1);
  if (!row) throw notFound('User');
  return toPrivateProfile(row);
}

/** Changes only the fields given; a field set to null is cleared. */
export async function updateOwnProfile(db: Database, actor: Actor, input: UpdateProfileInput): Promise<PrivateProfile> {
  const changes = Object.fromEntries(Object.entries(input).filter(([, v]) => v !== undefined));
  const [row] = await db
    .update(users)
    .set({ ...changes, updatedAt: sql`now()` })
    .where(eq(users.id, actor.userId))
    .returning();
  if (!row) throw notFound('User');
  return toPrivateProfile(row);
}

/** Someone who blocks you, or whom you block, is "not found" to you. */
export async function getPublicProfile(db: Database, actor: Actor, input: GetProfileInput): Promise<PublicProfile> {
  const row = await userVisibleTo(db, input.userId, actor.userId);
  if (row === null) throw notFound('User');
  return toPublicProfile(row);
}
