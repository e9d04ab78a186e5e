import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../harness';
import { invite } from '../invitations/helpers';
import { block, circleWith, everyNotification, hostActivity, post, signUp, unread } from './helpers';

let t: TestServer;
beforeAll(async () => {
  t = await startTestServer();
});
afterAll(async () => {
  await t.close();
});

describe('mutes', () => {
  it('lists every type, unmuted until set', async () => {
    const me = await t.user('Mia');
    const { preferences } = await me.api.community.notifications.preferences.query();
    expect(preferences).toHaveLength(12);
    expect(preferences.every((p) => !p.muted)).toBe(true);
    expect(preferences.map((p) => p.type)).toContain('waitlist_promoted');
  });

  it('a muted type is not written; others still are; unmuting brings the next ones', async () => {
    const [me, ann, bob, cy] = await signUp(t, 4, 'Muter');
    if (!me || !ann || !bob || !cy) throw new Error('no users');
    expect(await me.api.community.notifications.setPreference.mutate({ type: 'friend_request', muted: true })).toEqual({
      type: 'friend_request',
      muted: true,
    });
    // Setting it again is the same.
    await me.api.community.notifications.setPreference.mutate({ type: 'friend_request', muted: true });
    const { preferences } = await me.api.community.notifications.preferences.query();
    expect(preferences.filter((p) => p.muted).map((p) => p.type)).toEqual(['friend_request']);

    await ann.api.connections.create.mutate({ targetUserId: me.id, type: 'friend' });
    expect(await everyNotification(me)).toEqual([]);
    expect(await unread(me)).toBe(0);

    const activity = await hostActivity(bob);
    await invite(bob, me, activity.id);
    expect((await everyNotification(me)).map((n) => n.type)).toEqual(['invitation_received']);

    await me.api.community.notifications.setPreference.mutate({ type: 'friend_request', muted: false });
    await cy.api.connections.create.mutate({ targetUserId: me.id, type: 'friend' });
    expect((await everyNotification(me)).map((n) => n.type)).toEqual(['friend_request', 'invitation_received']);
    expect(await unread(me)).toBe(2);
  });
});

describe('blocks', () => {
  it("a blocked actor's reactions and replies never notify, either way round, and do not join a group", async () => {
    const [author, friend, blocked, blocker] = await signUp(t, 4, 'Poster');
    if (!author || !friend || !blocked || !blocker) throw new Error('no users');
    const circle = await circleWith(author, [friend, blocked, blocker]);
    const mine = await post(author, circle.id);
    await block(author, blocked);
    await block(blocker, author);
    await blocked.api.community.circles.posts.react.mutate({ postId: mine.id, emoji: '👍' }).catch(() => null);
    await blocker.api.community.circles.posts.react.mutate({ postId: mine.id, emoji: '👍' }).catch(() => null);
    await blocked.api.community.circles.posts.create.mutate({ circleId: circle.id, clientKey: crypto.randomUUID(), body: 'reply', parentId: mine.id }).catch(() => null);
    expect(await everyNotification(author)).toEqual([]);

    await friend.api.community.circles.posts.react.mutate({ postId: mine.id, emoji: '👍' });
    const all = await everyNotification(author);
    expect(all).toHaveLength(1);
    expect(all[0]).toMatchObject({ actorCount: 1, actors: [{ id: friend.id }] });
    expect(await unread(author)).toBe(1);
  });
});
