import { eq, sql, userLocations, type Database } from '@rapport/db';
import type { Actor } from '../../domain/sessions';
import { LIMITS } from '../../limits';
import type { UpdateLocationInput } from '../../schemas/nearby';

const coarse = (degrees: number) => Math.round(degrees * 10 ** LIMITS.locationDecimals) / 10 ** LIMITS.locationDecimals;

/**
 * Shares where I am, for `ttlSeconds` from now: coarsened before it is
 * stored, so not even the database holds the exact point.
 */
export async function updateLocation(
  db: Database,
  actor: Actor,
  input: UpdateLocationInput,
  { ttlSeconds }: { ttlSeconds: number },
): Promise<{ latitude: number; longitude: number; expiresAt: string }> {
  const latitude = coarse(input.latitude);
  const longitude = coarse(input.longitude);
  const expiresAt = new Date(Date.now() + ttlSeconds * 1000);
  await db
    .insert(userLocations)
    .values({ userId: actor.userId, latitude, longitude, expiresAt })
    .onConflictDoUpdate({ target: userLocations.userId, set: { latitude, longitude, expiresAt, updatedAt: sql`now()` } });
  return { latitude, longitude, expiresAt: expiresAt.toISOString() };
}

/** Stops sharing at once. */
export async function clearLocation(db: Database, actor: Actor): Promise<{ cleared: boolean }> {
  const gone = await db.delete(userLocations).where(eq(userLocations.userId, actor.userId)).returning({ userId: userLocations.userId });
  return { cleared: gone.length > 0 };
}
