import { sql } from 'drizzle-orm';
import { bigint, customType, index, jsonb, pgTable, text, uuid } from 'drizzle-orm/pg-core';
import { createdAt } from './columns';

// Read back as text: an xid8 can exceed 2^53.
const xid8 = customType<{ data: string; driverData: string }>({ dataType: () => 'xid8' });

/**
 * The event log (docs/ARCHITECTURE.md, "Event log"). Readers order by
 * (xid, id) and read only below the oldest running transaction
 * (pg_snapshot_xmin), so a position handed to a client never moves past a
 * write still in flight.
 */
export const events = pgTable(
  'events',
  {
    id: bigint({ mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    xid: xid8()
      .notNull()
      .default(sql`pg_current_xact_id()`),
    type: text().notNull(),
    // Who sees it: the conversation's members at delivery time, plus anyone
    // listed explicitly (e.g. a member who was just removed, or the two sides
    // of a connection).
    conversationId: uuid(),
    // A circle's feed: delivered live to the circle's members who are
    // connected, never expanded into one row or audience entry per member.
    circleId: uuid(),
    audience: uuid().array().notNull().default(sql`'{}'::uuid[]`),
    // Whose action it was: subscribers who block (or are blocked by) the actor
    // never receive it.
    actorId: uuid(),
    payload: jsonb().$type<Record<string, unknown>>().notNull(),
    createdAt: createdAt(),
  },
  (t) => [index('events_position_idx').on(t.xid, t.id), index('events_created_idx').on(t.createdAt)],
);

/** One row: how far the log has been pruned, so an older cursor is told to resync. */
export const eventLogState = pgTable('event_log_state', {
  id: text().primaryKey().default('log'),
  prunedXid: xid8().notNull().default(sql`'0'::xid8`),
  prunedId: bigint({ mode: 'number' }).notNull().default(0),
});
