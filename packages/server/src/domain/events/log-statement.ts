import { sql, type SQL } from '@rapport/db';
import type { DurableType, StoredPayload } from './definitions';

/** One event per row of `from`, for a write done in a single statement. */
export interface LoggedRows<T extends DurableType> {
  type: T;
  /** The rows the events come from: a CTE and its alias, e.g. sql`edited x`. */
  from: SQL;
  conversationId?: SQL;
  circleId?: SQL;
  audience?: SQL;
  /** Whose action it was: a column of the row or a parameter (null for none). */
  actorId: SQL;
  /** Every payload key of the type, each an SQL expression of the row (cast where the type is not evident). */
  payload: { [K in keyof StoredPayload<T>]-?: SQL };
}

/**
 * The event log insert for a one-statement write (a CTE step: `logged as
 * (${logEvents(...)})`). The hot paths, send above all, need one round trip,
 * so their events cannot go through appendEvents; this builds the same row
 * from the same typed definition. Run the statement through
 * writeStatementWithEvents.
 */
export function logEvents<T extends DurableType>(rows: LoggedRows<T>): SQL {
  const entries: [string, SQL][] = Object.entries(rows.payload);
  const payload = sql.join(
    entries.map(([key, value]) => sql`${key}::text, ${value}`),
    sql`, `,
  );
  return sql`insert into events (type, conversation_id, circle_id, audience, actor_id, payload)
    select ${rows.type}::text, ${rows.conversationId ?? sql`null`}::uuid, ${rows.circleId ?? sql`null`}::uuid, ${rows.audience ?? sql`'{}'`}::uuid[], ${rows.actorId}::uuid,
      jsonb_build_object(${payload})
    from ${rows.from}`;
}
