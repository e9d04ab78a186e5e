import { index, integer, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { createdAt, id } from './columns';
import { users } from './users';

export const authSessions = pgTable(
  'auth_sessions',
  {
    id: id(),
    userId: uuid()
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    userAgent: text(),
    ipAddress: text(),
    createdAt: createdAt(),
    lastUsedAt: timestamp({ withTimezone: true, precision: 3 }).notNull().defaultNow(),
    expiresAt: timestamp({ withTimezone: true, precision: 3 }).notNull(),
    revokedAt: timestamp({ withTimezone: true, precision: 3 }),
    revokedReason: text(),
  },
  (t) => [index('auth_sessions_user_id_idx').on(t.userId, t.createdAt)],
);

// One row per refresh token ever issued. A token is spent by setting usedAt;
// presenting a spent token again is the reuse signal that revokes its session.
export const authRefreshTokens = pgTable(
  'auth_refresh_tokens',
  {
    tokenHash: text().primaryKey(),
    sessionId: uuid()
      .notNull()
      .references(() => authSessions.id, { onDelete: 'cascade' }),
    createdAt: createdAt(),
    usedAt: timestamp({ withTimezone: true, precision: 3 }),
    // The token this one was exchanged for: a client retrying a refresh whose
    // response it lost gets the same successor instead of tripping reuse detection.
    replacedByHash: text(),
  },
  (t) => [index('auth_refresh_tokens_session_id_idx').on(t.sessionId)],
);

// Sign-in attempt counters per fixed window, keyed by "account:<email>" or
// "address:<ip>". Kept in the database so that every instance sees one count.
export const authThrottle = pgTable('auth_throttle', {
  key: text().primaryKey(),
  attempts: integer().notNull(),
  windowStartedAt: timestamp({ withTimezone: true, precision: 3 }).notNull(),
});
