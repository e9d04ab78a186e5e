import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RouterOutputs } from '../../src/index';
import { startTestServer, type TestServer, type TestUser } from '../harness';
import { expectError } from '../expect-error';
import { ids, sorted, unknownId, walkPages } from './helpers';

type Connection = RouterOutputs['connections']['list']['items'][number];

let t: TestServer;
beforeAll(async () => {
  t = await startTestServer();
});
afterAll(async () => {
  await t.close();
});

/**
 * Hub with one connection of every kind, each with a different user:
 * follows X1, followed by X2, friends with X3 (X3 asked), request sent to X4,
 * request from X5, blocks X6, blocked by X7, declined X8's request, X9
 * declined Hub's request.
 */
async function hubWithOneOfEverything() {
  const [hub, x1, x2, x3, x4, x5, x6, x7, x8, x9] = await Promise.all(
    ['Hub', 'X1', 'X2', 'X3', 'X4', 'X5', 'X6', 'X7', 'X8', 'X9'].map((name) => t.user(name)),
  ) as [TestUser, TestUser, TestUser, TestUser, TestUser, TestUser, TestUser, TestUser, TestUser, TestUser];
  const c = {
    follows: await hub.api.connections.create.mutate({ targetUserId: x1.id, type: 'follow' }),
    followedBy: await x2.api.connections.create.mutate({ targetUserId: hub.id, type: 'follow' }),
    friends: await x3.api.connections.create.mutate({ targetUserId: hub.id, type: 'friend' }),
    requestSent: await hub.api.connections.create.mutate({ targetUserId: x4.id, type: 'friend', message: 'hello X4' }),
    requestReceived: await x5.api.connections.create.mutate({ targetUserId: hub.id, type: 'friend' }),
    blocks: await hub.api.connections.create.mutate({ targetUserId: x6.id, type: 'block' }),
    blockedBy: await x7.api.connections.create.mutate({ targetUserId: hub.id, type: 'block' }),
    declinedByHub: await x8.api.connections.create.mutate({ targetUserId: hub.id, type: 'friend' }),
    declinedHub: await hub.api.connections.create.mutate({ targetUserId: x9.id, type: 'friend' }),
  };
  await hub.api.connections.respond.mutate({ connectionId: c.friends.id, status: 'accepted' });
  await hub.api.connections.respond.mutate({ connectionId: c.declinedByHub.id, status: 'rejected' });
  await x9.api.connections.respond.mutate({ connectionId: c.declinedHub.id, status: 'rejected' });
  return { hub, x: { x1, x2, x3, x4, x5, x6, x7, x8, x9 }, c };
}

type Scene = Awaited<ReturnType<typeof hubWithOneOfEverything>>;
let scene: Scene;
beforeAll(async () => {
  scene = await hubWithOneOfEverything();
});

const listIds = async (user: TestUser, input: Parameters<TestUser['api']['connections']['list']['query']>[0]) =>
  sorted(ids((await user.api.connections.list.query({ ...input, limit: 100 })).items));

describe('connections.list', () => {
  it('lists all of one’s own connections, each with the other user’s profile, but not who blocks you', async () => {
    const { hub, x, c } = scene;
    const all = await hub.api.connections.list.query({});
    expect(sorted(ids(all.items))).toEqual(
      sorted([c.follows, c.followedBy, c.friends, c.requestSent, c.requestReceived, c.blocks, c.declinedByHub, c.declinedHub].map((r) => r.id)),
    );
    expect(all.nextCursor).toBeNull();
    const byId = new Map(all.items.map((item) => [item.id, item]));
    const expectItem = (id: string, other: TestUser, fields: Partial<Connection>) => {
      const item = byId.get(id);
      expect(item).toMatchObject({ ...fields, otherUser: { id: other.id, name: other.name } });
      expect(item?.otherUser).toHaveProperty('createdAt');
      expect(item?.otherUser).not.toHaveProperty('email');
    };
    expectItem(c.follows.id, x.x1, { type: 'follow', status: 'accepted', direction: 'outgoing' });
    expectItem(c.followedBy.id, x.x2, { type: 'follow', status: 'accepted', direction: 'incoming' });
    expectItem(c.friends.id, x.x3, { type: 'friend', status: 'accepted', direction: 'incoming' });
    expectItem(c.requestSent.id, x.x4, { type: 'friend', status: 'pending', direction: 'outgoing', message: 'hello X4' });
    expectItem(c.requestReceived.id, x.x5, { type: 'friend', status: 'pending', direction: 'incoming' });
    expectItem(c.blocks.id, x.x6, { type: 'block', status: 'accepted', direction: 'outgoing' });
    expectItem(c.declinedByHub.id, x.x8, { type: 'friend', status: 'rejected', direction: 'incoming' });
    expectItem(c.declinedHub.id, x.x9, { type: 'friend', status: 'rejected', direction: 'outgoing' });
    expect(all.items.some((item) => item.otherUser?.id === x.x7.id)).toBe(false);
  });

  it('lists newest first', async () => {
    const all = await scene.hub.api.connections.list.query({});
    const times = all.items.map((item) => item.createdAt);
    expect(times).toEqual([...times].sort().reverse());
  });

  it('filters by type', async () => {
    const { hub, c } = scene;
    expect(await listIds(hub, { type: 'follow' })).toEqual(sorted([c.follows.id, c.followedBy.id]));
    expect(await listIds(hub, { type: 'friend' })).toEqual(
      sorted([c.friends.id, c.requestSent.id, c.requestReceived.id, c.declinedByHub.id, c.declinedHub.id]),
    );
    expect(await listIds(hub, { type: 'block' })).toEqual([c.blocks.id]);
  });

  it('filters by status', async () => {
    const { hub, c } = scene;
    expect(await listIds(hub, { status: 'pending' })).toEqual(sorted([c.requestSent.id, c.requestReceived.id]));
    expect(await listIds(hub, { status: 'rejected' })).toEqual(sorted([c.declinedByHub.id, c.declinedHub.id]));
    expect(await listIds(hub, { status: 'accepted' })).toEqual(sorted([c.follows.id, c.followedBy.id, c.friends.id, c.blocks.id]));
    expect(await listIds(hub, { type: 'friend', status: 'accepted' })).toEqual([c.friends.id]);
  });

  it('filters by direction', async () => {
    const { hub, c } = scene;
    expect(await listIds(hub, { direction: 'outgoing' })).toEqual(sorted([c.follows.id, c.requestSent.id, c.blocks.id, c.declinedHub.id]));
    expect(await listIds(hub, { direction: 'incoming' })).toEqual(
      sorted([c.followedBy.id, c.friends.id, c.requestReceived.id, c.declinedByHub.id]),
    );
    expect(await listIds(hub, { type: 'follow', direction: 'incoming' })).toEqual([c.followedBy.id]);
    expect(await listIds(hub, { type: 'friend', status: 'pending', direction: 'outgoing' })).toEqual([c.requestSent.id]);
  });

  it('never shows the blocked user the block, under any filter', async () => {
    const { hub, x, c } = scene;
    expect(await listIds(x.x7, { type: 'block' })).toEqual([c.blockedBy.id]);
    expect(await listIds(x.x6, {})).toEqual([]);
    expect(await listIds(x.x6, { type: 'block', direction: 'incoming' })).toEqual([]);
    expect(await listIds(hub, { type: 'block', direction: 'incoming' })).toEqual([]);
  });

  it('shows each side its own view of a shared connection', async () => {
    const { x, c } = scene;
    const seenByX3 = await x.x3.api.connections.list.query({});
    expect(seenByX3.items).toEqual([expect.objectContaining({ id: c.friends.id, direction: 'outgoing', otherUser: expect.objectContaining({ id: scene.hub.id }) })]);
  });
});

describe('connections.list pagination', () => {
  let walker: TestUser;
  let expected: string[];
  beforeAll(async () => {
    walker = await t.user('Walker');
    const others = await Promise.all(Array.from({ length: 13 }, (_, i) => t.user(`Target ${i}`)));
    const one = (other: TestUser, i: number) =>
      i % 3 === 0
        ? other.api.connections.create.mutate({ targetUserId: walker.id, type: 'follow' })
        : walker.api.connections.create.mutate({ targetUserId: other.id, type: i % 3 === 1 ? 'follow' : 'friend' });
    // Half one after another, half at once, so some rows share a timestamp.
    const made = [];
    for (const [i, other] of others.slice(0, 6).entries()) made.push(await one(other, i));
    made.push(...(await Promise.all(others.slice(6).map((other, i) => one(other, i + 6)))));
    expected = made.map((c) => c.id);
  });

  it('walks every connection exactly once, in pages of the requested size', async () => {
    for (const limit of [1, 4, 5, 13]) {
      const pages = await walkPages(limit, (cursor) => walker.api.connections.list.query({ limit, cursor }));
      const walked = pages.flat();
      expect(ids(walked)).toHaveLength(expected.length);
      expect(new Set(ids(walked)).size).toBe(expected.length);
      expect(sorted(ids(walked))).toEqual(sorted(expected));
      expect(pages).toHaveLength(Math.ceil(expected.length / limit));
      // The walk is in the same order as one big page.
      const whole = await walker.api.connections.list.query({ limit: 100 });
      expect(ids(walked)).toEqual(ids(whole.items));
    }
  });

  it('keeps filters across pages', async () => {
    const pages = await walkPages(2, (cursor) => walker.api.connections.list.query({ limit: 2, cursor, type: 'follow', direction: 'outgoing' }));
    const walked = pages.flat();
    expect(walked.length).toBe(4);
    expect(walked.every((c) => c.type === 'follow' && c.direction === 'outgoing')).toBe(true);
  });

  it('defaults to 20 per page and returns a null cursor at the end', async () => {
    const page = await walker.api.connections.list.query({});
    expect(page.items).toHaveLength(expected.length);
    expect(page.nextCursor).toBeNull();
  });

  it('refuses a cursor it did not make with BAD_REQUEST', async () => {
    const garbage = ['nonsense', 'eyJub3QiOiJhbiBhcnJheSJ9', Buffer.from(JSON.stringify(['yesterday', 'x'])).toString('base64url')];
    for (const cursor of garbage) {
      const error = await expectError(walker.api.connections.list.query({ cursor }), 'BAD_REQUEST');
      expect(error.message).toMatch(/cursor/);
    }
  });
});

describe('connections.stats', () => {
  it('gives one’s own counts, private ones included', async () => {
    expect(await scene.hub.api.connections.stats.query()).toEqual({
      followers: 1,
      following: 1,
      friends: 1,
      pendingReceived: 1,
      pendingSent: 1,
      blocked: 1,
    });
    expect(await scene.hub.api.connections.stats.query({ userId: scene.hub.id })).toEqual(await scene.hub.api.connections.stats.query({}));
  });

  it('gives another user’s public counts, with the private ones null', async () => {
    const { hub, x } = scene;
    expect(await x.x1.api.connections.stats.query({ userId: hub.id })).toEqual({
      followers: 1,
      following: 1,
      friends: 1,
      pendingReceived: null,
      pendingSent: null,
      blocked: null,
    });
    expect(await hub.api.connections.stats.query({ userId: x.x1.id })).toEqual({
      followers: 1,
      following: 0,
      friends: 0,
      pendingReceived: null,
      pendingSent: null,
      blocked: null,
    });
  });

  it('answers NOT_FOUND about a user who blocked you, and about a user that does not exist', async () => {
    const { hub, x } = scene;
    const blocked = await expectError(hub.api.connections.stats.query({ userId: x.x7.id }), 'NOT_FOUND');
    const missing = await expectError(hub.api.connections.stats.query({ userId: unknownId() }), 'NOT_FOUND');
    expect(blocked.message).toBe(missing.message);
    await expectError(x.x6.api.connections.stats.query({ userId: hub.id }), 'NOT_FOUND');
  });

  it('counts zero for a newcomer', async () => {
    const fresh = await t.user('Fresh');
    expect(await fresh.api.connections.stats.query()).toEqual({
      followers: 0,
      following: 0,
      friends: 0,
      pendingReceived: 0,
      pendingSent: 0,
      blocked: 0,
    });
  });
});
