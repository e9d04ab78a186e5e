import { activities, and, asc, eq, not, sql, type Database, type SQL } from '@rapport/db';
import { z } from 'zod';
import { blockedEitherWay } from '../../domain/blocks';
import { earthOrigin, earthPoint, metresBetween, nearestFirst, withinMetres } from '../../domain/places';
import type { Actor } from '../../domain/sessions';
import { decodeCursor, pastPosition, timeIdCursor, toPage, type Page } from '../../pagination';
import type { ActivityView, SearchActivitiesInput } from '../../schemas/activities';
import { activityViews } from './view';

/** With a point, pages continue from a distance (metres, as text) and an id. */
const distanceIdCursor = z.tuple([z.string().max(30).refine((text) => /^[0-9.e+-]+$/.test(text) && Number.isFinite(Number(text))), z.uuid()]);

/** Characters that are wildcards to LIKE, escaped so a search for "100%" means it. */
const likePattern = (text: string) => `%${text.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

/**
 * Public activities not yet started, never one whose host and the actor block
 * each other. With a point, those with a place within the radius, nearest
 * first (the GiST index on activity_earth finds them by box, earth_distance
 * keeps the circle); otherwise soonest first along activities_upcoming_idx.
 */
export async function searchActivities(db: Database, actor: Actor, input: SearchActivitiesInput): Promise<Page<ActivityView>> {
  const now = new Date().toISOString();
  const filters: (SQL | undefined)[] = [
    eq(activities.status, 'scheduled'),
    eq(activities.visibility, 'public'),
    sql`${activities.startsAt} > ${input.from !== undefined && Date.parse(input.from) > Date.parse(now) ? input.from : now}`,
    input.to === undefined ? undefined : sql`${activities.startsAt} <= ${input.to}`,
    input.query ? sql`lower(${activities.title}) like ${likePattern(input.query)}` : undefined,
    // An array of parameters, not an array literal: a tag such as "null" is then just text.
    input.tags && input.tags.length > 0 ? sql`${activities.tags} @> array[${sql.join(input.tags.map((tag) => sql`${tag}`), sql`, `)}]::text[]` : undefined,
    not(blockedEitherWay(activities.hostId, actor.userId)),
  ];
  if (input.latitude === undefined || input.longitude === undefined) {
    const after = input.cursor ? decodeCursor(input.cursor, timeIdCursor) : null;
    const rows = await db
      .select({ id: activities.id, startsAt: activities.startsAt })
      .from(activities)
      .where(and(...filters, after ? pastPosition([activities.startsAt, activities.id], [after[0], after[1]], 'asc') : undefined))
      .orderBy(asc(activities.startsAt), asc(activities.id))
      .limit(input.limit + 1);
    const page = toPage(rows, input.limit, (r) => [r.startsAt.toISOString(), r.id], (r) => r.id);
    return { items: await activityViews(db, actor.userId, page.items), nextCursor: page.nextCursor };
  }
  const origin = earthOrigin(input.latitude, input.longitude);
  const point = earthPoint(activities.latitude, activities.longitude);
  const distance = metresBetween(origin, point);
  const after = input.cursor ? decodeCursor(input.cursor, distanceIdCursor) : null;
  const rows = await db
    .select({ id: activities.id, distance: distance.mapWith(Number) })
    .from(activities)
    .where(
      and(
        ...filters,
        sql`${activities.latitude} is not null`,
        withinMetres(point, origin, input.radiusKm * 1000),
        after ? sql`(${distance}, ${activities.id}) > (${after[0]}::float8, ${after[1]}::uuid)` : undefined,
      ),
    )
    // The GiST index gives the nearest first and stops at a page.
    .orderBy(nearestFirst(point, origin), asc(activities.id))
    .limit(input.limit + 1);
  const page = toPage(rows, input.limit, (r) => [String(r.distance), r.id], (r) => r);
  const metres = new Map(page.items.map((r) => [r.id, r.distance / 1000]));
  return { items: await activityViews(db, actor.userId, page.items.map((r) => r.id), metres), nextCursor: page.nextCursor };
}
