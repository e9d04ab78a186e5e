import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../harness';
import { countsOf, everyNotification, signUp, unread } from './helpers';

// The unread count is kept by a trigger in the transaction of every change
// to a notification: however the changes race, it equals a fresh count of
// the unread rows and never goes below zero.

let t: TestServer;
beforeAll(async () => {
  t = await startTestServer();
});
afterAll(async () => {
  await t.close();
});

describe('concurrency', () => {
  it('50 friend requests at once: 50 notifications, and the count says 50', async () => {
    const [popular, ...askers] = await signUp(t, 51, 'Asker');
    if (!popular) throw new Error('no user');
    await Promise.all(askers.map((a) => a.api.connections.create.mutate({ targetUserId: popular.id, type: 'friend' })));
    expect(await everyNotification(popular)).toHaveLength(50);
    expect(await countsOf(t, popular.id)).toEqual({ kept: 50, rows: 50 });
    expect(await unread(popular)).toBe(50);
  });

  it('50 markRead of one notification at once mark it once; 50 markAllRead leave 0, never less', async () => {
    const [me, ...others] = await signUp(t, 11, 'Friend');
    if (!me) throw new Error('no user');
    await Promise.all(others.map((o) => o.api.connections.create.mutate({ targetUserId: me.id, type: 'friend' })));
    const all = await everyNotification(me);
    expect(all).toHaveLength(10);
    const [first] = all;
    if (!first) throw new Error('none');

    const once = await Promise.all(Array.from({ length: 50 }, () => me.api.community.notifications.markRead.mutate({ notificationId: first.id })));
    expect(once.reduce((sum, r) => sum + r.marked, 0)).toBe(1);
    expect(await countsOf(t, me.id)).toEqual({ kept: 9, rows: 9 });

    // Marking each of the rest, twice over, and all of them, all at once.
    const rest = all.slice(1);
    const results = await Promise.all([
      ...rest.flatMap((n) => [n, n].map((x) => me.api.community.notifications.markRead.mutate({ notificationId: x.id }))),
      ...Array.from({ length: 50 }, () => me.api.community.notifications.markAllRead.mutate()),
    ]);
    expect(results.reduce((sum, r) => sum + r.marked, 0)).toBe(9);
    for (const r of results) expect(r.unread).toBeGreaterThanOrEqual(0);
    expect(await countsOf(t, me.id)).toEqual({ kept: 0, rows: 0 });
    expect(await unread(me)).toBe(0);
  });

  it('notifications arriving while they are being marked read: the count follows the rows', async () => {
    const [me, ...others] = await signUp(t, 21, 'Racer');
    if (!me) throw new Error('no user');
    await Promise.all([
      ...others.map((o) => o.api.connections.create.mutate({ targetUserId: me.id, type: 'friend' })),
      ...Array.from({ length: 20 }, () => me.api.community.notifications.markAllRead.mutate()),
    ]);
    const counts = await countsOf(t, me.id);
    expect(counts.kept).toBe(counts.rows);
    expect((await everyNotification(me)).filter((n) => !n.read)).toHaveLength(counts.rows);
    await me.api.community.notifications.markAllRead.mutate();
    expect(await countsOf(t, me.id)).toEqual({ kept: 0, rows: 0 });
  });
});
