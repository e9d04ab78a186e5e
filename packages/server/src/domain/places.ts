import { sql, type SQL, type SQLWrapper } from '@rapport/db';

// Distances on the globe, one way everywhere (docs/ARCHITECTURE.md,
// "Activities"): a point is activity_earth(lat, lng), the indexable
// ll_to_earth; earth_box finds candidates through a GiST index, earth_distance
// keeps the circle, and cube's <-> (straight-line distance, which orders as
// the distance along the globe) is what the index returns nearest first.

/** A stored point, as its GiST index knows it. */
export const earthPoint = (latitude: SQLWrapper, longitude: SQLWrapper): SQL => sql`activity_earth(${latitude}, ${longitude})`;

/** A point given by the caller. */
export const earthOrigin = (latitude: number, longitude: number): SQL => sql`ll_to_earth(${latitude}::float8, ${longitude}::float8)`;

/** Metres from the origin to the point along the globe. */
export const metresBetween = (origin: SQL, point: SQL): SQL<number> => sql<number>`earth_distance(${origin}, ${point})`;

/** The point lies within `metres` of the origin: the box for the index, the distance for the circle. */
export const withinMetres = (point: SQL, origin: SQL, metres: number): SQL =>
  sql`${point} <@ earth_box(${origin}, ${metres}::float8) and ${metresBetween(origin, point)} <= ${metres}::float8`;

/** Nearest first, in the order the GiST index can return. */
export const nearestFirst = (point: SQL, origin: SQL): SQL => sql`${point} <-> ${origin}`;
