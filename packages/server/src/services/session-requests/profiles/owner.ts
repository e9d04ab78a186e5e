import { eq, users, type Executor } from '@rapport/db';

/** The signed-in user's name and avatar, which every profile view carries. */
export async function ownerPreview(db: Executor, userId: string): Promise<{ name: string; avatarUrl: string | null }> {
  const [owner] = await db.select({ name: users.name, avatarUrl: users.avatarUrl }).from(users).where(eq(users.id, userId)).limit(1);
  // The session was checked against the database moments ago; a missing user here is a bug, not bad input.
  if (!owner) throw new Error(`user ${userId} has a live session but no row`);
  return owner;
}
