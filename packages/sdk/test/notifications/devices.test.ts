import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../harness';
import { listen } from '../realtime/listen';
import { anotherDevice, circleWith, everyNotification, notificationEvents, post, signUp, unread, untilNotificationEvents } from './helpers';

// Every notification event reaches every device of the user, with the
// unread count it leaves, so a badge is right wherever it is shown.

let t: TestServer;
beforeAll(async () => {
  t = await startTestServer();
});
afterAll(async () => {
  await t.close();
});

describe('two devices', () => {
  it('both hear a notification and the reads made on either, each with the count', async () => {
    const [me, ann, bob] = await signUp(t, 3, 'Person');
    if (!me || !ann || !bob) throw new Error('no users');
    const phone = me;
    const laptop = await anotherDevice(t, me);
    const [onPhone, onLaptop] = [listen(phone), listen(laptop)];
    try {
      await ann.api.connections.create.mutate({ targetUserId: me.id, type: 'friend' });
      await bob.api.connections.create.mutate({ targetUserId: me.id, type: 'friend' });
      await Promise.all([untilNotificationEvents(onPhone, 2), untilNotificationEvents(onLaptop, 2)]);
      const listed = await everyNotification(laptop);
      for (const heard of [onPhone, onLaptop]) {
        const events = notificationEvents(heard).map(({ at: _at, ...rest }) => rest);
        expect(events).toEqual([
          { type: 'notification.created', notification: listed[1], unread: 1, unreadVersion: 1 },
          { type: 'notification.created', notification: listed[0], unread: 2, unreadVersion: 2 },
        ]);
      }

      const [newest] = listed;
      if (!newest) throw new Error('none');
      expect(await phone.api.community.notifications.markRead.mutate({ notificationId: newest.id })).toEqual({ unread: 1, marked: 1 });
      await Promise.all([untilNotificationEvents(onPhone, 3), untilNotificationEvents(onLaptop, 3)]);
      expect(await laptop.api.community.notifications.markAllRead.mutate()).toEqual({ unread: 0, marked: 1 });
      await Promise.all([untilNotificationEvents(onPhone, 4), untilNotificationEvents(onLaptop, 4)]);
      for (const heard of [onPhone, onLaptop]) {
        const reads = notificationEvents(heard)
          .slice(2)
          .map(({ at: _at, ...rest }) => rest);
        expect(reads).toEqual([
          { type: 'notifications.read', notificationIds: [newest.id], all: false, unread: 1, unreadVersion: 3 },
          { type: 'notifications.read', notificationIds: [], all: true, unread: 0, unreadVersion: 4 },
        ]);
      }
      expect(await unread(phone)).toBe(0);
      // Nothing left to mark: no event, the same answer.
      expect(await phone.api.community.notifications.markAllRead.mutate()).toEqual({ unread: 0, marked: 0 });
      expect(await phone.api.community.notifications.markRead.mutate({ notificationId: newest.id })).toEqual({ unread: 0, marked: 0 });
      expect(notificationEvents(onLaptop)).toHaveLength(4);
    } finally {
      onPhone.stop();
      onLaptop.stop();
    }
  });

  it('under racing causes and reads, the count of the highest version heard is the count', async () => {
    const [me, ...others] = await signUp(t, 21, 'Racer');
    if (!me) throw new Error('no users');
    const heard = listen(me);
    try {
      // Twenty requests at once, with reads racing them: their events may
      // arrive in another order than their counts were made.
      await Promise.all([
        ...others.map((other) => other.api.connections.create.mutate({ targetUserId: me.id, type: 'friend' })),
        me.api.community.notifications.markAllRead.mutate(),
        me.api.community.notifications.markAllRead.mutate(),
      ]);
      await untilNotificationEvents(heard, others.length);
      const final = await me.api.community.notifications.unreadCount.query();
      await heard.until((events) => events.some((e) => 'unreadVersion' in e && e.unreadVersion === final.version));
      const events = notificationEvents(heard);
      expect(new Set(events.map((e) => e.unreadVersion)).size).toBe(events.length);
      const newest = events.reduce((best, e) => (e.unreadVersion > best.unreadVersion ? e : best));
      expect(newest).toMatchObject({ unread: final.unread, unreadVersion: final.version });
    } finally {
      heard.stop();
    }
  });

  it('a grouped repeat arrives as notification.updated with the same id, the count unchanged', async () => {
    const [author, a, b] = await signUp(t, 3, 'Member');
    if (!author || !a || !b) throw new Error('no users');
    const circle = await circleWith(author, [a, b]);
    const mine = await post(author, circle.id);
    const heard = listen(author);
    try {
      await a.api.community.circles.posts.react.mutate({ postId: mine.id, emoji: '👍' });
      await b.api.community.circles.posts.react.mutate({ postId: mine.id, emoji: '👍' });
      await untilNotificationEvents(heard, 2);
      const [created, updated] = notificationEvents(heard);
      expect(created).toMatchObject({ type: 'notification.created', unread: 1 });
      expect(updated).toMatchObject({ type: 'notification.updated', unread: 1 });
      if (created?.type !== 'notification.created' || updated?.type !== 'notification.updated') throw new Error('unexpected events');
      expect(updated.notification.id).toBe(created.notification.id);
      expect(updated.notification).toMatchObject({ actorCount: 2, title: 'Member 3 and 1 other reacted 👍 to your post' });
      expect(updated.notification.actors.map((x) => x.id)).toEqual([b.id, a.id]);
    } finally {
      heard.stop();
    }
  });
});
