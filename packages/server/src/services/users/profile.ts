import { and, eq, not, sql, users } from '@rapport/db';
import type { Deps } from '../../deps';
import { notFound } from '../../errors';
import type { PrivateProfile, PublicProfile } from '../../schemas/user';
import type { Actor } from '../auth/sessions';
import { blockedEitherWay } from '../blocks';
import { publicColumns, toPrivateProfile, toPublicProfile } from './views';

export async function getOwnProfile(deps: Deps, actor: Actor): Promise<PrivateProfile> {
  const [row] = await deps.db.select().from(users).where(eq(users.id, actor.userId)).limit(1);
  if (!row) throw notFound('User');
  return toPrivateProfile(row);
}

export interface ProfileUpdate {
  name?: string | undefined;
  bio?: string | undefined;
  avatarUrl?: string | null | undefined;
  city?: string | null | undefined;
  interests?: string[] | undefined;
}

/** Changes only the fields given; a field set to null is cleared. */
export async function updateOwnProfile(deps: Deps, actor: Actor, update: ProfileUpdate): Promise<PrivateProfile> {
  const changes = Object.fromEntries(Object.entries(update).filter(([, v]) => v !== undefined));
  const [row] = await deps.db
    .update(users)
    .set({ ...changes, updatedAt: sql`now()` })
    .where(eq(users.id, actor.userId))
    .returning();
  if (!row) throw notFound('User');
  return toPrivateProfile(row);
}

/** Someone who blocks you, or whom you block, is "not found" to you. */
export async function getPublicProfile(deps: Deps, actor: Actor, userId: string): Promise<PublicProfile> {
  const [row] = await deps.db
    .select(publicColumns(users))
    .from(users)
    .where(and(eq(users.id, userId), not(blockedEitherWay(users.id, actor.userId))))
    .limit(1);
  if (!row) throw notFound('User');
  return toPublicProfile(row);
}
