import { sql } from 'drizzle-orm';
import { check, index, integer, pgEnum, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { createdAt, id, updatedAt } from './columns';
import { users } from './users';

export const connectionType = pgEnum('connection_type', ['follow', 'friend', 'block']);
export const connectionStatus = pgEnum('connection_status', ['pending', 'accepted', 'rejected']);

// One table for the whole social graph, as in the universal-connections design:
// requester acted, addressee was acted upon. Follow and block are directional;
// a friendship is one row per unordered pair.
export const connections = pgTable(
  'connections',
  {
    id: id(),
    requesterId: uuid()
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    addresseeId: uuid()
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    type: connectionType().notNull(),
    status: connectionStatus().notNull(),
    message: text(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
    respondedAt: timestamp({ withTimezone: true, precision: 3 }),
  },
  (t) => [
    check('connections_no_self', sql`${t.requesterId} <> ${t.addresseeId}`),
    // A follow or a block is in force the moment it is made; only a friend
    // request waits for an answer. Lists rely on it to walk one index run per
    // (type, status).
    check('connections_settled_kinds', sql`${t.type} = 'friend' or ${t.status} = 'accepted'`),
    // Follows and blocks: at most one per direction.
    uniqueIndex('connections_directed_key')
      .on(t.requesterId, t.addresseeId, t.type)
      .where(sql`${t.type} in ('follow', 'block')`),
    // Friendship: at most one live (pending or accepted) row per unordered pair,
    // so crossing requests A→B and B→A can never both exist. Rejected rows stay
    // as history and do not count.
    uniqueIndex('connections_friend_pair_key')
      .on(sql`least(${t.requesterId}, ${t.addresseeId})`, sql`greatest(${t.requesterId}, ${t.addresseeId})`)
      .where(sql`${t.type} = 'friend' and ${t.status} in ('pending', 'accepted')`),
    // One index per direction, newest first within each (type, status): a
    // list over both directions and several kinds is a merge of index scans
    // in keyset order. The other party's id comes last so that walking a
    // user's friendships (suggestions) reads the index alone.
    index('connections_requester_idx').on(t.requesterId, t.type, t.status, t.createdAt, t.id, t.addresseeId),
    index('connections_addressee_idx').on(t.addresseeId, t.type, t.status, t.createdAt, t.id, t.requesterId),
    // Everything between two given users, whatever its kind.
    index('connections_pair_idx').on(t.requesterId, t.addresseeId),
  ],
);

// Each user's connection counts, kept by a trigger on connections in the
// same transaction as the change (migration 0004_read_paths): stats read one
// row however popular the user is. docs/ARCHITECTURE.md, "Read paths".
export const connectionCounts = pgTable(
  'connection_counts',
  {
    userId: uuid()
      .primaryKey()
      .references(() => users.id, { onDelete: 'cascade' }),
    followers: integer().notNull().default(0),
    following: integer().notNull().default(0),
    friends: integer().notNull().default(0),
    pendingReceived: integer().notNull().default(0),
    pendingSent: integer().notNull().default(0),
    blocked: integer().notNull().default(0),
  },
  (t) => [
    check(
      'connection_counts_nonnegative',
      sql`least(${t.followers}, ${t.following}, ${t.friends}, ${t.pendingReceived}, ${t.pendingSent}, ${t.blocked}) >= 0`,
    ),
  ],
);
