import type { Transaction } from '@rapport/db';
import { appendEvents } from '../../../realtime/append';

/** Tells both sides of a link what just happened to it, in the transaction that did it. */
export function appendFamilyEvent(
  tx: Transaction,
  byUserId: string,
  link: { parentId: string; childId: string },
  status: 'pending' | 'accepted' | 'removed',
): Promise<void> {
  const { parentId, childId } = link;
  return appendEvents(tx, [
    { type: 'family.updated', actorId: byUserId, audience: [parentId, childId], payload: { parentId, childId, status, byUserId } },
  ]);
}
