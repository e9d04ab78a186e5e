export * from './client';
export * from './migrate';
export * from './schema/index';
// Re-exported so every package builds queries with the one drizzle-orm instance.
export { and, asc, count, desc, eq, gt, gte, inArray, isNull, lt, ne, not, or, sql } from 'drizzle-orm';
export type { SQL, SQLWrapper } from 'drizzle-orm';
export { alias } from 'drizzle-orm/pg-core';
