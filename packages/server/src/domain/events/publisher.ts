import type { Database, Transaction } from '@rapport/db';
import type { EphemeralEvent } from './definitions';

/**
 * What services may tell the realtime layer, and nothing more. The event log
 * carries durable events on its own; `written` only makes them arrive now
 * rather than at the next poll. Ephemeral signals (typing) are never stored.
 */
export interface Publisher {
  /** Events were committed: read them now, here and on other instances. */
  written(): void;
  /** An ephemeral event for these recipients, wherever they are connected. */
  publish(recipients: string[], actorId: string, event: EphemeralEvent): void;
}

/**
 * A write that appends events over several statements: the transaction
 * commits, then readers are woken.
 */
export async function writeWithEvents<T>(db: Database, events: Publisher, work: (tx: Transaction) => Promise<T>): Promise<T> {
  const result = await db.transaction(work);
  events.written();
  return result;
}

/**
 * A write done in one autocommitted statement that logs its events with
 * logEvents (the hot paths): the statement runs, then readers are woken,
 * unless `logged` says this result wrote no event (a no-op unreact).
 */
export async function writeStatementWithEvents<T>(
  db: Database,
  events: Publisher,
  statement: (db: Database) => Promise<T>,
  logged: (result: T) => boolean = () => true,
): Promise<T> {
  const result = await statement(db);
  if (logged(result)) events.written();
  return result;
}
