import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RouterInputs } from '../../src/index';
import { expectError, expectFieldErrors } from '../expect-error';
import { startTestServer, type TestServer, type TestUser } from '../harness';
import { allPages, everyNotification, signUp, unchecked, unknownId, unread } from './helpers';

type In = RouterInputs['community']['notifications'];

let t: TestServer;
let me: TestUser;
let stranger: TestUser;
beforeAll(async () => {
  t = await startTestServer();
  const people = await signUp(t, 27, 'Sender');
  const [first, second, ...senders] = people;
  if (!first || !second) throw new Error('no users');
  [me, stranger] = [first, second];
  // One after another, so each has its own time.
  for (const sender of senders) await sender.api.connections.create.mutate({ targetUserId: me.id, type: 'friend' });
  await senders[0]?.api.connections.create.mutate({ targetUserId: stranger.id, type: 'friend' });
});
afterAll(async () => {
  await t.close();
});

const isNewestFirst = (items: { updatedAt: string; id: string }[]) =>
  items.every((n, i) => {
    const before = items[i - 1];
    return before === undefined || before.updatedAt > n.updatedAt || (before.updatedAt === n.updatedAt && before.id > n.id);
  });

describe('list', () => {
  it('pages through every notification exactly once, newest first', async () => {
    const walked = await allPages(7, (cursor) => me.api.community.notifications.list.query({ limit: 7, cursor }));
    expect(walked).toHaveLength(25);
    expect(new Set(walked.map((n) => n.id)).size).toBe(25);
    expect(isNewestFirst(walked)).toBe(true);
    expect(walked[0]?.title).toBe('Sender 27 sent you a friend request');
  });

  it('unreadOnly leaves out the read ones, and pages the rest without gaps', async () => {
    const all = await everyNotification(me);
    const toRead = all.filter((_, i) => i % 3 === 0);
    for (const n of toRead) await me.api.community.notifications.markRead.mutate({ notificationId: n.id });
    const unreadOnes = await allPages(4, (cursor) => me.api.community.notifications.list.query({ unreadOnly: true, limit: 4, cursor }));
    expect(unreadOnes.map((n) => n.id)).toEqual(all.filter((_, i) => i % 3 !== 0).map((n) => n.id));
    expect(unreadOnes.every((n) => !n.read)).toBe(true);
    expect(await unread(me)).toBe(unreadOnes.length);
    const again = await everyNotification(me);
    expect(again.filter((n) => n.read).map((n) => n.id)).toEqual(toRead.map((n) => n.id));
  });

  it('is my own: a stranger sees only theirs', async () => {
    const theirs = await everyNotification(stranger);
    expect(theirs).toHaveLength(1);
    const mine = new Set((await everyNotification(me)).map((n) => n.id));
    expect(theirs.some((n) => mine.has(n.id))).toBe(false);
  });
});

describe('authorisation', () => {
  it("another user's notification is NOT_FOUND to me, like one that does not exist, and stays unread", async () => {
    const [theirs] = await everyNotification(stranger);
    if (!theirs) throw new Error('none');
    const notMine = await expectError(me.api.community.notifications.markRead.mutate({ notificationId: theirs.id }), 'NOT_FOUND');
    const missing = await expectError(me.api.community.notifications.markRead.mutate({ notificationId: unknownId() }), 'NOT_FOUND');
    expect(notMine.message).toBe(missing.message);
    expect((await everyNotification(stranger))[0]?.read).toBe(false);
    expect(await unread(stranger)).toBe(1);
  });

  it('needs a session', async () => {
    const anonymous = t.anonymous();
    await expectError(anonymous.api.community.notifications.list.query({}), 'UNAUTHORIZED');
    await expectError(anonymous.api.community.notifications.unreadCount.query(), 'UNAUTHORIZED');
    await expectError(anonymous.api.community.notifications.markAllRead.mutate(), 'UNAUTHORIZED');
  });
});

describe('bad input', () => {
  const list = (input: unknown) => me.api.community.notifications.list.query(unchecked<In['list']>(input));
  const markRead = (input: unknown) => me.api.community.notifications.markRead.mutate(unchecked<In['markRead']>(input));
  const setPreference = (input: unknown) => me.api.community.notifications.setPreference.mutate(unchecked<In['setPreference']>(input));

  it.each([
    ['limit', { limit: 0 }],
    ['limit', { limit: 101 }],
    ['limit', { limit: 'ten' }],
    ['cursor', { cursor: 'not-a-cursor' }],
    ['cursor', { cursor: Buffer.from(JSON.stringify(['yesterday', 'x'])).toString('base64url') }],
    ['cursor', { cursor: 'x'.repeat(501) }],
    ['unreadOnly', { unreadOnly: 'yes' }],
  ])('list refuses a bad %s: %j', async (field, input) => {
    await expectFieldErrors(list(input), [field]);
  });

  it('list refuses unknown keys', async () => {
    await expectError(list({ box: 'all' }), 'BAD_REQUEST');
  });

  it.each([
    ['notificationId', {}],
    ['notificationId', { notificationId: 'abc' }],
    ['notificationId', { notificationId: 7 }],
  ])('markRead refuses a bad %s: %j', async (field, input) => {
    await expectFieldErrors(markRead(input), [field]);
  });

  it.each([
    ['type', { type: 'everything', muted: true }],
    ['type', { muted: true }],
    ['muted', { type: 'mention', muted: 'yes' }],
    ['muted', { type: 'mention' }],
  ])('setPreference refuses a bad %s: %j', async (field, input) => {
    await expectFieldErrors(setPreference(input), [field]);
  });
});
