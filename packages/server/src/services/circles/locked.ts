import type { Database, Transaction } from '@rapport/db';
import { writeWithEvents, type Publisher } from '../../domain/events/publisher';
import { lockCircle, lockCirclesOf } from '../../domain/locks';
import { visibleCircle, type CircleAccess } from './access';

/**
 * Runs `work` in one transaction under the circle's lock, taken before the
 * first write (after `capOf`'s circles lock, for a change that counts
 * against someone's caps), on the circle as the actor sees it once the
 * locks are held; readers are woken after the commit.
 */
export function underCircleLock<T>(
  db: Database,
  events: Publisher,
  actorId: string,
  circleId: string,
  work: (tx: Transaction, access: CircleAccess) => Promise<T>,
  options: { capOf?: string } = {},
): Promise<T> {
  return writeWithEvents(db, events, async (tx) => {
    if (options.capOf !== undefined) await lockCirclesOf(tx, options.capOf);
    await lockCircle(tx, circleId);
    return work(tx, await visibleCircle(tx, actorId, circleId));
  });
}
