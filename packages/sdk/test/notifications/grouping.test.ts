import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../harness';
import { circleWith, countsOf, everyNotification, post, signUp, unread } from './helpers';

// Repeats of one cause (reactions to one post) group into the unread
// notification of their key: one row, the newest few actors, how many in
// all, and a title that says so. Once it is read, the next repeat starts a
// new one.

let t: TestServer;
beforeAll(async () => {
  t = await startTestServer();
});
afterAll(async () => {
  await t.close();
});

describe('grouping', () => {
  it('several reactions to one post are one unread notification, "X and N others…", newest first', async () => {
    const [author, ...fans] = await signUp(t, 5, 'Fan');
    if (!author) throw new Error('no author');
    const circle = await circleWith(author, fans);
    const mine = await post(author, circle.id);
    for (const fan of fans) await fan.api.community.circles.posts.react.mutate({ postId: mine.id, emoji: '👍' });

    const all = await everyNotification(author);
    expect(all).toHaveLength(1);
    const [n] = all;
    expect(n).toMatchObject({ type: 'post_reaction', actorCount: 4, read: false, title: 'Fan 5 and 3 others reacted 👍 to your post' });
    expect(n?.actors.map((a) => a.name)).toEqual(['Fan 5', 'Fan 4', 'Fan 3', 'Fan 2']);
    expect(n && Date.parse(n.updatedAt)).toBeGreaterThanOrEqual(n ? Date.parse(n.createdAt) : 0);
    expect(await unread(author)).toBe(1);

    // The same person reacting again with another emoji is not one more person.
    const [again] = fans.slice(-1);
    if (!again) throw new Error('no fan');
    await again.api.community.circles.posts.react.mutate({ postId: mine.id, emoji: '🎉' });
    const [regrouped] = await everyNotification(author);
    expect(regrouped).toMatchObject({ id: n?.id, actorCount: 4, title: 'Fan 5 and 3 others reacted 🎉 to your post' });

    // Read, the next reaction is a new notification; the old one stays read.
    if (!n) throw new Error('no notification');
    await author.api.community.notifications.markRead.mutate({ notificationId: n.id });
    const [first] = fans;
    if (!first) throw new Error('no fan');
    await first.api.community.circles.posts.react.mutate({ postId: mine.id, emoji: '❤️' });
    const after = await everyNotification(author);
    expect(after.map((x) => ({ read: x.read, actorCount: x.actorCount }))).toEqual([
      { read: false, actorCount: 1 },
      { read: true, actorCount: 4 },
    ]);
    expect(after[0]?.title).toBe('Fan 2 reacted ❤️ to your post');
    expect(await unread(author)).toBe(1);
  });

  it('one other is "1 other"; reactions to different posts are different notifications', async () => {
    const [author, a, b] = await signUp(t, 3, 'Reader');
    if (!author || !a || !b) throw new Error('no users');
    const circle = await circleWith(author, [a, b]);
    const [p1, p2] = [await post(author, circle.id, 'one'), await post(author, circle.id, 'two')];
    await a.api.community.circles.posts.react.mutate({ postId: p1.id, emoji: '👍' });
    await b.api.community.circles.posts.react.mutate({ postId: p1.id, emoji: '👍' });
    await a.api.community.circles.posts.react.mutate({ postId: p2.id, emoji: '👍' });
    const all = await everyNotification(author);
    expect(all.map((n) => n.title)).toEqual(['Reader 2 reacted 👍 to your post', 'Reader 3 and 1 other reacted 👍 to your post']);
    expect(await unread(author)).toBe(2);
  });

  it('50 concurrent reactions to one post group into one notification counting all 50', async () => {
    const [author, ...fans] = await signUp(t, 51, 'Crowd');
    if (!author) throw new Error('no author');
    const circle = await circleWith(author, fans);
    const mine = await post(author, circle.id);
    await Promise.all(fans.map((fan) => fan.api.community.circles.posts.react.mutate({ postId: mine.id, emoji: '🔥' })));
    const all = await everyNotification(author);
    expect(all).toHaveLength(1);
    expect(all[0]?.actorCount).toBe(50);
    expect(all[0]?.actors).toHaveLength(5);
    expect(all[0]?.title).toMatch(/^Crowd \d+ and 49 others reacted 🔥 to your post$/);
    expect(await countsOf(t, author.id)).toEqual({ kept: 1, rows: 1 });
  });
});
