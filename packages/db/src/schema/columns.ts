import { timestamp, uuid } from 'drizzle-orm/pg-core';

// Every table keys rows by a random uuid: ids are safe to show to clients and
// carry no count or order that would leak how many rows exist.
export const id = () => uuid().primaryKey().defaultRandom();

// Millisecond precision, like a JavaScript Date: a timestamp read back and
// used as a keyset cursor compares equal to the stored value.
export const createdAt = () => timestamp({ withTimezone: true, precision: 3 }).notNull().defaultNow();

export const updatedAt = () => timestamp({ withTimezone: true, precision: 3 }).notNull().defaultNow();
