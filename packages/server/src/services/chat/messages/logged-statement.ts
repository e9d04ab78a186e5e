import { sql, type Database, type SQL } from '@rapport/db';
import type { z } from 'zod';
import type { DurableType } from '../../../domain/events/definitions';
import { logEvents, type LoggedRows } from '../../../domain/events/log-statement';
import { writeStatementWithEvents, type Publisher } from '../../../domain/events/publisher';
import { selectRows } from '../../../domain/sql-rows';

// The one-statement writes of messages and read markers: the guard, the
// change and its events in one round trip (docs/ARCHITECTURE.md, "Event log").

/**
 * Runs the statement and reads its rows with `row`; readers are woken when
 * it logged something, which by default is when it returned a row.
 */
export function writeLoggedStatement<T extends z.ZodType>(
  db: Database,
  events: Publisher,
  statement: SQL,
  row: T,
  logged: (rows: z.infer<T>[]) => boolean = (rows) => rows.length > 0,
): Promise<z.infer<T>[]> {
  return writeStatementWithEvents(db, events, (db) => selectRows(db, statement, row), logged);
}

/**
 * The `logged` step for the rows of the CTE `changed` (as x, each with its
 * conversation_id): one event of the actor's per row, so a guard that
 * matched nothing logs nothing.
 */
export function logActorRows<T extends DurableType>(type: T, changed: SQL, actorId: string, payload: LoggedRows<T>['payload']): SQL {
  return logEvents({ type, from: sql`${changed} x`, conversationId: sql`x.conversation_id`, actorId: sql`${actorId}`, payload });
}
