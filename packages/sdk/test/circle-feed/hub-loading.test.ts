import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { Hub } from '../../../server/src/realtime/hub';
import type { LogEntry } from '../../../server/src/realtime/log-reader';
import { Subscriber, type Delivery } from '../../../server/src/realtime/subscriber';

// The window between a stream attaching and its circles (and blocks) being
// loaded, driven step by step: the hub itself, with no database or timing
// involved, since the order of the steps is the whole question.

const at = new Date().toISOString();
let nextId = 1;
const position = () => ({ xid: 1n, id: nextId++ });

const membership = (type: 'circle.joined' | 'circle.left', circleId: string, userId: string): LogEntry => ({
  position: position(),
  actorId: userId,
  recipients: [userId],
  circleId: null,
  membership: { type, circleId, userId },
  block: null,
  event:
    type === 'circle.joined'
      ? { type, at, circleId, userId, role: 'member', byUserId: userId }
      : { type, at, circleId, userId, byUserId: userId, removed: false },
});

const deleted = (circleId: string, actorId: string): LogEntry => ({
  position: position(),
  actorId,
  recipients: [],
  circleId,
  membership: null,
  block: null,
  event: { type: 'circle.post.deleted', at, circleId, postId: randomUUID(), parentId: null },
});

const block = (blockerId: string, blockedId: string): LogEntry => ({
  position: position(),
  actorId: blockerId,
  recipients: [],
  circleId: null,
  membership: null,
  event: null,
  block: { type: 'connection.blocked', payload: { blockerId, blockedId } },
});

/** Everything queued for the subscriber so far. */
async function drain(subscriber: Subscriber): Promise<Delivery[]> {
  const out: Delivery[] = [];
  subscriber.end(null);
  for (let d = await subscriber.next(); d !== null; d = await subscriber.next()) out.push(d);
  return out;
}

const feedOf = (deliveries: Delivery[]) => deliveries.flatMap((d) => (d.event.type === 'circle.post.deleted' ? [d.event.circleId] : []));

describe('the hub while a subscriber loads its circles', () => {
  const me = randomUUID();
  const author = randomUUID();

  it('holds circle events until the circles are in, then delivers those of its circles, in order', async () => {
    const hub = new Hub();
    const [mine, other] = [randomUUID(), randomUUID()];
    const subscriber = new Subscriber(me, 's', 100);
    hub.attach(subscriber);
    hub.dispatch(deleted(mine, author));
    hub.dispatch(deleted(other, author));
    expect(hub.connectedTo(mine)).toBe(0);
    hub.settle(subscriber, [], [mine]);
    expect(hub.connectedTo(mine)).toBe(1);
    hub.dispatch(deleted(mine, author));
    expect(feedOf(await drain(subscriber))).toEqual([mine, mine]);
  });

  it('applies a join or leave seen while loading, whether or not the load already reflected it', async () => {
    const hub = new Hub();
    const [joined, left, joinedSeen] = [randomUUID(), randomUUID(), randomUUID()];
    const subscriber = new Subscriber(me, 's', 100);
    hub.attach(subscriber);
    // Committed after the load read: the load does not have them.
    hub.dispatch(membership('circle.joined', joined, me));
    hub.dispatch(deleted(joined, author));
    hub.dispatch(membership('circle.left', left, me));
    hub.dispatch(deleted(left, author));
    // Committed before the load read: it has the join already.
    hub.dispatch(membership('circle.joined', joinedSeen, me));
    hub.dispatch(deleted(joinedSeen, author));
    hub.settle(subscriber, [], [left, joinedSeen]);
    expect([hub.connectedTo(joined), hub.connectedTo(left), hub.connectedTo(joinedSeen)]).toEqual([1, 0, 1]);
    hub.dispatch(deleted(left, author));
    expect(feedOf(await drain(subscriber))).toEqual([joined, joinedSeen]);
  });

  it('judges held events by a block seen while loading, and by the loaded blocks', async () => {
    const hub = new Hub();
    const circle = randomUUID();
    const [blockedLater, blockedBefore] = [randomUUID(), randomUUID()];
    const subscriber = new Subscriber(me, 's', 100);
    hub.attach(subscriber);
    const beforeTheBlock = deleted(circle, blockedLater);
    hub.dispatch(beforeTheBlock);
    hub.dispatch(block(me, blockedLater));
    hub.dispatch(deleted(circle, blockedLater));
    hub.dispatch(deleted(circle, blockedBefore));
    hub.settle(subscriber, [blockedBefore], [circle]);
    hub.dispatch(deleted(circle, blockedLater));
    // Only the one sent before the block.
    expect((await drain(subscriber)).map((d) => d.position)).toEqual([beforeTheBlock.position]);
  });

  it('stops a removed member at once and forgets a detached subscriber', async () => {
    const hub = new Hub();
    const circle = randomUUID();
    const subscriber = new Subscriber(me, 's', 100);
    hub.attach(subscriber);
    hub.settle(subscriber, [], [circle]);
    hub.dispatch(deleted(circle, author));
    hub.dispatch(membership('circle.left', circle, me));
    hub.dispatch(deleted(circle, author));
    expect(hub.connectedTo(circle)).toBe(0);
    const other = new Subscriber(me, 's2', 100);
    hub.attach(other);
    hub.settle(other, [], [circle]);
    hub.detach(other);
    expect(hub.connectedTo(circle)).toBe(0);
    const deliveries = await drain(subscriber);
    expect(deliveries.map((d) => d.event.type)).toEqual(['circle.post.deleted', 'circle.left']);
  });
});
