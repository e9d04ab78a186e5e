import type { Transaction } from '@rapport/db';
import { appendEvents, type NewEvent } from '../../domain/events/append';
import { notifyFriendAccepted, notifyFriendRequest } from '../notifications/causes';
import type { ConnectionRow } from './pair';

/**
 * The events a connection change produces, from its state before and after.
 * A retry that changes nothing produces none; only the other person is told
 * (a block is never announced to the blocked user, only noted by the hub).
 */
export function connectionEvents(
  actorId: string,
  before: ConnectionRow | undefined,
  after: ConnectionRow | null,
  remaining: ConnectionRow[] = [],
): NewEvent[] {
  if (after === null) {
    if (before?.type === 'block') {
      const stillBlocked = remaining.some((r) => r.type === 'block' && r.requesterId === before.addresseeId);
      return [{ type: 'connection.unblocked', actorId, payload: { blockerId: before.requesterId, blockedId: before.addresseeId, stillBlocked } }];
    }
    return [];
  }
  const other = after.requesterId === actorId ? after.addresseeId : after.requesterId;
  if (before === undefined) {
    switch (after.type) {
      case 'block':
        return [{ type: 'connection.blocked', actorId, payload: { blockerId: after.requesterId, blockedId: after.addresseeId } }];
      case 'follow':
        return [{ type: 'connection.followed', actorId, audience: [other], payload: { connectionId: after.id, fromUserId: actorId } }];
      case 'friend':
        return after.status === 'pending'
          ? [{ type: 'connection.requested', actorId, audience: [other], payload: { connectionId: after.id, fromUserId: actorId, message: after.message } }]
          : [];
    }
  }
  if (after.type === 'friend' && before.status === 'pending' && after.status === 'accepted') {
    return [{ type: 'connection.accepted', actorId, audience: [other], payload: { connectionId: after.id, byUserId: actorId } }];
  }
  return [];
}

/**
 * The change's events and notifications. `remaining`: the pair's rows after
 * the change, where it removed one (an unblock needs them).
 */
export async function appendConnectionEvents(
  tx: Transaction,
  actorId: string,
  before: ConnectionRow | undefined,
  after: ConnectionRow | null,
  remaining: ConnectionRow[] = [],
): Promise<void> {
  await appendEvents(tx, connectionEvents(actorId, before, after, remaining));
  await notifyOfChange(tx, actorId, before, after);
}

/** The addressee hears of a new friend request; the requester, of its acceptance (crossing requests included). */
async function notifyOfChange(tx: Transaction, actorId: string, before: ConnectionRow | undefined, after: ConnectionRow | null): Promise<void> {
  if (after?.type !== 'friend') return;
  if (before === undefined && after.status === 'pending') {
    await notifyFriendRequest(tx, { requesterId: actorId, addresseeId: after.addresseeId, message: after.message });
  } else if (before?.status === 'pending' && after.status === 'accepted') {
    await notifyFriendAccepted(tx, { accepterId: actorId, requesterId: after.requesterId });
  }
}
