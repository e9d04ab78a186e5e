import { sql } from 'drizzle-orm';
import { index, pgTable, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';
import { createdAt, id, updatedAt } from './columns';

export const users = pgTable(
  'users',
  {
    id: id(),
    email: text().notNull(),
    passwordHash: text().notNull(),
    name: text().notNull(),
    bio: text().notNull().default(''),
    avatarUrl: text(),
    city: text(),
    interests: text().array().notNull().default(sql`'{}'::text[]`),
    // Written when the user's last realtime connection closes; "online"
    // itself is ephemeral and never stored.
    lastSeenAt: timestamp({ withTimezone: true, precision: 3 }),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    // Email identity is case-insensitive; the index is what makes two
    // concurrent sign-ups with "A@x" and "a@x" impossible.
    uniqueIndex('users_email_lower_key').on(sql`lower(${t.email})`),
    // Search pages through names in (lower(name), id) order.
    index('users_name_lower_id_idx').on(sql`lower(${t.name})`, t.id),
    // Substring search (`lower(name) like '%…%'`): trigrams find the few
    // matching names without reading every user.
    index('users_name_trgm_idx').using('gin', sql`lower(${t.name}) gin_trgm_ops`),
  ],
);
