import { sql } from 'drizzle-orm';
import { check, index, pgEnum, pgTable, smallint, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';
import { createdAt, id, updatedAt } from './columns';

// The seed's ten "connection identity" badges (XelaConnect); a user picks one.
export const identityBadge = pgEnum('identity_badge', [
  'Connector',
  'Creator',
  'Thinker',
  'Builder',
  'Explorer',
  'Visionary',
  'Calm Presence',
  'Funny Friend',
  'Listener',
  'Leader',
]);

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
    // Labels from the server's known set (schemas/interests.ts), stored in
    // their canonical spelling so that two users' interests compare equal.
    interests: text().array().notNull().default(sql`'{}'::text[]`),
    identityBadge: identityBadge(),
    // As the user states it; the adult minimum is held here too.
    age: smallint(),
    // IANA name; a day of activity (the streak) is a day in this zone.
    timeZone: text().notNull().default('UTC'),
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
    // Discover finds people who share an interest or a city without reading every user.
    index('users_interests_idx').using('gin', t.interests),
    index('users_city_lower_idx').on(sql`lower(${t.city})`, t.id),
    check('users_adult_age', sql`${t.age} is null or ${t.age} between 18 and 120`),
  ],
);
