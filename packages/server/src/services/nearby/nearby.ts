import { and, eq, sql, userLocations, type Database } from '@rapport/db';
import { z } from 'zod';
import { blockedEitherWay } from '../../domain/blocks';
import { earthOrigin, earthPoint, metresBetween, nearestFirst, withinMetres } from '../../domain/places';
import type { Actor } from '../../domain/sessions';
import { selectRows } from '../../domain/sql-rows';
import { AppError } from '../../errors';
import type { NearbyInput, NearbyResult } from '../../schemas/nearby';
import { searchActivities } from '../activities/search';

const personRow = z.object({ id: z.string(), name: z.string(), avatar_url: z.string().nullable(), metres: z.number() });

/**
 * People who share a fresh location within the radius of mine, nearest
 * first, and public upcoming activities around it. Only someone sharing
 * their own location sees others', distances are rounded up to whole
 * kilometres, and blocks hide people either way. The GiST index on
 * activity_earth gives them nearest first; earth_distance keeps the circle.
 */
export async function nearby(db: Database, actor: Actor, input: NearbyInput): Promise<NearbyResult> {
  const me = actor.userId;
  const [mine] = await db
    .select({ latitude: userLocations.latitude, longitude: userLocations.longitude })
    .from(userLocations)
    .where(and(eq(userLocations.userId, me), sql`${userLocations.expiresAt} > now()`));
  if (!mine) throw new AppError('CONFLICT', 'Share your location first (invitations.location.update) to see who is nearby.', { reason: 'LOCATION_NOT_SHARED' });
  const origin = earthOrigin(mine.latitude, mine.longitude);
  const place = earthPoint(sql`l.latitude`, sql`l.longitude`);
  const rows = await selectRows(
    db,
    sql`select u.id, u.name, u.avatar_url, ${metresBetween(origin, place)}::float8 as metres
        from user_locations l
        join users u on u.id = l.user_id
        where ${withinMetres(place, origin, input.radiusKm * 1000)}
          and l.expires_at > now()
          and l.user_id <> ${me}
          and not ${blockedEitherWay(sql`l.user_id`, me)}
        -- Nearest first from the index, stopping at the limit: a crowded city costs what a page does.
        order by ${nearestFirst(place, origin)}
        limit ${input.limit}`,
    personRow,
  );
  const activities = await searchActivities(db, actor, { latitude: mine.latitude, longitude: mine.longitude, radiusKm: input.radiusKm, limit: input.limit });
  return {
    people: rows.map((row) => ({ id: row.id, name: row.name, avatarUrl: row.avatar_url, distanceKm: Math.max(1, Math.ceil(row.metres / 1000)) })),
    activities: activities.items,
  };
}
