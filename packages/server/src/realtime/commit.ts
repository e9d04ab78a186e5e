import type { Transaction } from '@rapport/db';
import type { Deps } from '../deps';

/**
 * The one way to run a write that appends events: the transaction commits,
 * then this instance's tailer is woken (and other instances' doorbell rung),
 * so subscribers see the change without waiting for the next poll.
 */
export async function writeWithEvents<T>(deps: Deps, work: (tx: Transaction) => Promise<T>): Promise<T> {
  const result = await deps.db.transaction(work);
  deps.realtime.written();
  return result;
}
