import { sql } from 'drizzle-orm';
import { check, index, pgEnum, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
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
    index('connections_requester_idx').on(t.requesterId, t.type, t.status, t.createdAt, t.id),
    index('connections_addressee_idx').on(t.addresseeId, t.type, t.status, t.createdAt, t.id),
  ],
);
