import { randomUUID } from 'node:crypto';
import { sql } from '@rapport/db';
import { selectAll } from '@rapport/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ids } from '../activities/helpers';
import { expectError, settleAll } from '../expect-error';
import { startTestServer, type TestServer, type TestUser } from '../harness';
import { allReplies, bodies, circleOf, post, wholeFeed } from './helpers';

let t: TestServer;
beforeAll(async () => {
  t = await startTestServer();
});
afterAll(() => t.close());

const countIn = async (query: ReturnType<typeof sql>) => (await selectAll<{ n: number }>(t.server.database.db, query))[0]?.n;

describe('posting to a circle', () => {
  it('shows the post to anyone signed in, with its author, attachments and mentions of members only', async () => {
    const [ada, bea, stranger] = await Promise.all([t.user('Ada'), t.user('Bea'), t.user('Stranger')]);
    const circle = await circleOf(ada, [bea]);
    const attachment = { url: 'https://cdn.example.test/sunrise.jpg', name: 'sunrise.jpg', size: 1200, mimeType: 'image/jpeg' };
    const written = await post(ada, circle.id, '  Good morning, circle  ', { attachments: [attachment], mentions: [bea.id, stranger.id, bea.id] });
    expect(written).toMatchObject({
      circleId: circle.id,
      author: { id: ada.id, name: 'Ada', avatarUrl: null },
      body: 'Good morning, circle',
      attachments: [attachment],
      parentId: null,
      replyCount: 0,
      reactionCounts: {},
      myReactions: [],
      mentions: [bea.id],
      editedAt: null,
    });
    const feed = await stranger.api.community.circles.posts.list.query({ circleId: circle.id });
    expect(feed.items).toEqual([written]);
    expect(feed.nextCursor).toBeNull();
    const details = await stranger.api.community.circles.get.query({ circleId: circle.id });
    expect(details.recentPosts.map((p) => p.id)).toEqual([written.id]);
  });

  it('takes an attachment without text, but not nothing', async () => {
    const ada = await t.user('Ada');
    const circle = await circleOf(ada);
    const attachment = { url: 'https://cdn.example.test/a.pdf', name: 'a.pdf', size: 10, mimeType: 'application/pdf' };
    const written = await ada.api.community.circles.posts.create.mutate({ circleId: circle.id, clientKey: randomUUID(), attachments: [attachment] });
    expect(written.body).toBeNull();
    await expectError(ada.api.community.circles.posts.create.mutate({ circleId: circle.id, clientKey: randomUUID() }), 'BAD_REQUEST');
  });

  it('is idempotent by client key: a retry returns the first post, and 50 identical posts at once make one row and one event', async () => {
    const ada = await t.user('Ada');
    const circle = await circleOf(ada);
    const clientKey = randomUUID();
    const first = await post(ada, circle.id, 'Once', { clientKey });
    expect(await post(ada, circle.id, 'Once', { clientKey })).toEqual(first);

    const racedKey = randomUUID();
    const outcomes = await settleAll(Array.from({ length: 50 }, () => post(ada, circle.id, 'Raced', { clientKey: racedKey })));
    const succeeded = outcomes.flatMap((o) => (o.ok ? [o.value.id] : []));
    expect(succeeded).toHaveLength(50);
    expect(new Set(succeeded).size).toBe(1);
    expect(await countIn(sql`select count(*)::int as n from circle_posts where author_id = ${ada.id} and client_key = ${racedKey}`)).toBe(1);
    expect(await countIn(sql`select count(*)::int as n from events where type = 'circle.post.created' and payload->>'postId' = ${succeeded[0]}`)).toBe(1);
    expect(bodies(await wholeFeed(ada, circle.id))).toEqual(['Raced', 'Once']);
    const details = await ada.api.community.circles.get.query({ circleId: circle.id });
    expect(details.postCount).toBe(2);
  });

  it('is for members only, and not once the circle is archived', async () => {
    const [ada, bea, stranger] = await Promise.all([t.user('Ada'), t.user('Bea'), t.user('Stranger')]);
    const circle = await circleOf(ada, [bea]);
    await expectError(post(stranger, circle.id, 'Let me in'), 'FORBIDDEN');
    await expectError(post(stranger, randomUUID(), 'Nowhere'), 'NOT_FOUND');
    const kept = await post(bea, circle.id, 'Before the end');
    await ada.api.community.circles.archive.mutate({ circleId: circle.id });
    await expectError(post(bea, circle.id, 'After the end'), 'CONFLICT');
    // An archived circle is its members' alone: to anyone else it is not there.
    await expectError(post(stranger, circle.id, 'Hello?'), 'NOT_FOUND');
    await expectError(stranger.api.community.circles.posts.list.query({ circleId: circle.id }), 'NOT_FOUND');
    await expectError(stranger.api.community.circles.posts.replies.query({ postId: kept.id }), 'NOT_FOUND');
    expect(ids(await wholeFeed(bea, circle.id))).toEqual([kept.id]);
    await expectError(bea.api.community.circles.posts.react.mutate({ postId: kept.id, emoji: '👍' }), 'CONFLICT');
  });
});

describe('replies', () => {
  it('answer a top-level post of the same circle, oldest first, counted on the parent; they do not nest', async () => {
    const [ada, bea] = await Promise.all([t.user('Ada'), t.user('Bea')]);
    const circle = await circleOf(ada, [bea]);
    const other = await circleOf(ada, [], 'Elsewhere');
    const parent = await post(ada, circle.id, 'What helps you sleep?');
    const replies = [];
    for (const body of ['Reading', 'Tea', 'No screens']) replies.push(await post(bea, circle.id, body, { parentId: parent.id }));
    expect(replies[0]?.parentId).toBe(parent.id);
    expect(bodies(await allReplies(ada, parent.id, 2))).toEqual(['Reading', 'Tea', 'No screens']);
    // Replies stay out of the feed; the parent counts them.
    const feed = await wholeFeed(ada, circle.id);
    expect(ids(feed)).toEqual([parent.id]);
    expect(feed[0]?.replyCount).toBe(3);

    const first = replies[0];
    if (!first) throw new Error('replies expected');
    await expectError(post(bea, circle.id, 'Nested', { parentId: first.id }), 'BAD_REQUEST');
    await expectError(post(ada, other.id, 'Across', { parentId: parent.id }), 'BAD_REQUEST');
    await expectError(post(bea, circle.id, 'To nothing', { parentId: randomUUID() }), 'BAD_REQUEST');

    await bea.api.community.circles.posts.delete.mutate({ postId: first.id });
    expect(bodies(await allReplies(ada, parent.id))).toEqual(['Tea', 'No screens']);
    expect((await wholeFeed(ada, circle.id))[0]?.replyCount).toBe(2);
    await ada.api.community.circles.posts.delete.mutate({ postId: parent.id });
    await expectError(post(bea, circle.id, 'Too late', { parentId: parent.id }), 'CONFLICT');
    await expectError(ada.api.community.circles.posts.replies.query({ postId: parent.id }), 'NOT_FOUND');
  });
});

describe('reactions', () => {
  it('are counted per emoji by the database, once per person and emoji, and members only', async () => {
    const [ada, bea, cai, stranger] = await Promise.all([t.user('Ada'), t.user('Bea'), t.user('Cai'), t.user('Stranger')]);
    const circle = await circleOf(ada, [bea, cai]);
    const written = await post(ada, circle.id, 'Sunrise yoga tomorrow');
    const react = (user: TestUser, emoji: string) => user.api.community.circles.posts.react.mutate({ postId: written.id, emoji });
    const outcomes = await settleAll(Array.from({ length: 20 }, () => react(bea, '🙏')));
    expect(outcomes.every((o) => o.ok)).toBe(true);
    await react(cai, '🙏');
    const mine = await react(cai, '🔥');
    expect(mine.reactionCounts).toEqual({ '🙏': 2, '🔥': 1 });
    expect(mine.myReactions).toEqual(['🙏', '🔥']);
    const [seenByAda] = (await wholeFeed(ada, circle.id)).map((p) => ({ counts: p.reactionCounts, mine: p.myReactions }));
    expect(seenByAda).toEqual({ counts: { '🙏': 2, '🔥': 1 }, mine: [] });

    const after = await cai.api.community.circles.posts.unreact.mutate({ postId: written.id, emoji: '🔥' });
    expect(after.reactionCounts).toEqual({ '🙏': 2 });
    expect((await cai.api.community.circles.posts.unreact.mutate({ postId: written.id, emoji: '🔥' })).reactionCounts).toEqual({ '🙏': 2 });
    await expectError(react(stranger, '👍'), 'FORBIDDEN');
    await expectError(stranger.api.community.circles.posts.react.mutate({ postId: randomUUID(), emoji: '👍' }), 'NOT_FOUND');
    await expectError(react(bea, 'ok'), 'BAD_REQUEST');
    expect(await countIn(sql`select count(*)::int as n from events where type = 'circle.post.reacted' and payload->>'postId' = ${written.id}`)).toBe(3);
  });
});

describe('edit and delete', () => {
  it('lets the author edit; the author, or a moderator or owner of that circle only, delete', async () => {
    const [owner, mod, author, bystander, otherOwner] = await Promise.all([t.user('Owner'), t.user('Mod'), t.user('Author'), t.user('Bystander'), t.user('Other owner')]);
    const circle = await circleOf(owner, [mod, author, bystander]);
    const elsewhere = await circleOf(otherOwner, [mod, author], 'Elsewhere');
    await owner.api.community.circles.setRole.mutate({ circleId: circle.id, userId: mod.id, role: 'moderator' });

    const written = await post(author, circle.id, 'Typo here');
    const edited = await author.api.community.circles.posts.edit.mutate({ postId: written.id, body: 'No typo' });
    expect(edited.body).toBe('No typo');
    expect(edited.editedAt).not.toBeNull();
    expect(edited.id).toBe(written.id);
    await expectError(owner.api.community.circles.posts.edit.mutate({ postId: written.id, body: 'Mine now' }), 'FORBIDDEN');
    await expectError(bystander.api.community.circles.posts.delete.mutate({ postId: written.id }), 'FORBIDDEN');

    // A moderator of one circle is nobody special in another.
    const away = await post(author, elsewhere.id, 'Over here');
    await expectError(mod.api.community.circles.posts.delete.mutate({ postId: away.id }), 'FORBIDDEN');
    await expectError(owner.api.community.circles.posts.delete.mutate({ postId: away.id }), 'FORBIDDEN');
    expect(ids(await wholeFeed(bystander, elsewhere.id))).toEqual([away.id]);

    const deleted = await mod.api.community.circles.posts.delete.mutate({ postId: written.id });
    expect(deleted).toEqual({ postId: written.id, circleId: circle.id, parentId: null });
    expect(await mod.api.community.circles.posts.delete.mutate({ postId: written.id })).toEqual(deleted);
    const second = await post(author, circle.id, 'Second');
    await owner.api.community.circles.posts.delete.mutate({ postId: second.id });
    const third = await post(author, circle.id, 'Third');
    await author.api.community.circles.posts.delete.mutate({ postId: third.id });
    expect(await wholeFeed(bystander, circle.id)).toEqual([]);
    expect((await bystander.api.community.circles.get.query({ circleId: circle.id })).postCount).toBe(0);
    await expectError(author.api.community.circles.posts.edit.mutate({ postId: written.id, body: 'Back?' }), 'CONFLICT');
    // The text is erased from the row, not only hidden.
    expect(await countIn(sql`select count(*)::int as n from circle_posts where id = ${written.id} and body is null and deleted_at is not null`)).toBe(1);
  });
});

describe('the feed', () => {
  it('pages newest first with no duplicate and no gap, however the pages are cut', async () => {
    const ada = await t.user('Ada');
    const circle = await circleOf(ada);
    const written = [];
    for (let i = 0; i < 23; i++) written.push(await post(ada, circle.id, `Post ${i}`));
    // Posts in the same millisecond are ordered by id: set a shared time for some.
    await t.server.database.db.execute(
      sql`update circle_posts set created_at = '2030-01-01T00:00:00Z' where id in (${sql.join(written.slice(5, 12).map((p) => sql`${p.id}::uuid`), sql`, `)})`,
    );
    const expected = (await wholeFeed(ada, circle.id, 100)).map((p) => p.id);
    expect(expected).toHaveLength(23);
    expect(new Set(expected).size).toBe(23);
    for (const limit of [1, 4, 7, 22]) expect(ids(await wholeFeed(ada, circle.id, limit))).toEqual(expected);
  });

  it('hides the posts and replies of people the viewer blocks or who block the viewer', async () => {
    const [ada, bea, cai, dan] = await Promise.all([t.user('Ada'), t.user('Bea'), t.user('Cai'), t.user('Dan')]);
    const circle = await circleOf(ada, [bea, cai, dan]);
    const byBea = await post(bea, circle.id, 'From Bea');
    const byCai = await post(cai, circle.id, 'From Cai');
    const reply = await post(bea, circle.id, 'Bea replies', { parentId: byCai.id });
    await post(dan, circle.id, 'Dan replies', { parentId: byCai.id });
    await ada.api.connections.create.mutate({ targetUserId: bea.id, type: 'block' });
    await cai.api.connections.create.mutate({ targetUserId: dan.id, type: 'block' });

    expect(bodies(await wholeFeed(ada, circle.id))).toEqual(['From Cai']);
    expect(bodies(await allReplies(ada, byCai.id))).toEqual(['Dan replies']);
    expect((await ada.api.community.circles.get.query({ circleId: circle.id })).recentPosts.map((p) => p.id)).toEqual([byCai.id]);
    // The blocked side does not see the blocker's either.
    expect(bodies(await wholeFeed(bea, circle.id))).toEqual(['From Cai', 'From Bea']);
    await expectError(dan.api.community.circles.posts.replies.query({ postId: byCai.id }), 'NOT_FOUND');
    await expectError(ada.api.community.circles.posts.react.mutate({ postId: byBea.id, emoji: '👍' }), 'NOT_FOUND');
    await expectError(post(ada, circle.id, 'To Bea', { parentId: byBea.id }), 'BAD_REQUEST');
    expect(reply.parentId).toBe(byCai.id);
  });
});

describe('notifications', () => {
  it('tells the parent author of a reply, each mentioned member, and groups reactions per post', async () => {
    const [ada, bea, cai, dan, stranger] = await Promise.all([t.user('Ada'), t.user('Bea'), t.user('Cai'), t.user('Dan'), t.user('Stranger')]);
    const circle = await circleOf(ada, [bea, cai, dan], 'Night owls');
    const parent = await post(ada, circle.id, 'Who is up?');
    await post(bea, circle.id, 'Me, with @Cai', { parentId: parent.id, mentions: [ada.id, cai.id, stranger.id] });
    const types = async (user: TestUser) => (await user.api.community.notifications.list.query({})).items.map((n) => [n.type, n.title]);
    // Replied to and mentioned: told once, of the reply.
    expect(await types(ada)).toEqual([['post_reply', 'Bea replied to your post in Night owls']]);
    expect(await types(cai)).toEqual([['mention', 'Bea mentioned you in Night owls']]);
    expect(await types(stranger)).toEqual([]);

    for (const user of [bea, cai, dan]) await user.api.community.circles.posts.react.mutate({ postId: parent.id, emoji: '🌙' });
    await ada.api.community.circles.posts.react.mutate({ postId: parent.id, emoji: '🌙' });
    const reactions = (await ada.api.community.notifications.list.query({})).items.filter((n) => n.type === 'post_reaction');
    expect(reactions).toHaveLength(1);
    expect(reactions[0]?.actorCount).toBe(3);
    expect(reactions[0]?.title).toBe('Dan and 2 others reacted 🌙 to your post');
    expect(reactions[0]?.link).toBe(`/community/circles/${circle.id}/posts/${parent.id}`);
  });
});
