import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../harness';
import { expectError } from '../expect-error';
import { befriend, signUpAll, unknownId } from './helpers';

let t: TestServer;
beforeAll(async () => {
  t = await startTestServer();
});
afterAll(async () => {
  await t.close();
});

const users = <const N extends readonly string[]>(...names: N) => signUpAll(t, ...names);

describe('connections.create: follow', () => {
  it('is accepted at once, with the other user and the message in the answer', async () => {
    const ann = await t.user('Ann');
    const bob = await t.user('Bob');
    const follow = await ann.api.connections.create.mutate({ targetUserId: bob.id, type: 'follow', message: '  hello  ' });
    expect(follow).toMatchObject({ type: 'follow', status: 'accepted', direction: 'outgoing', message: 'hello' });
    expect(follow.respondedAt).not.toBeNull();
    expect(follow.otherUser).toMatchObject({ id: bob.id, name: 'Bob' });

    const seenByBob = await bob.api.connections.check.query({ targetUserId: ann.id });
    expect(seenByBob).toMatchObject({ followedBy: true, following: false, friendship: 'none' });
    const incoming = await bob.api.connections.list.query({ direction: 'incoming' });
    expect(incoming.items).toHaveLength(1);
    expect(incoming.items[0]).toMatchObject({ id: follow.id, direction: 'incoming', status: 'accepted', otherUser: { id: ann.id } });
  });

  it('returns the same connection when repeated, never "already exists"', async () => {
    const ann = await t.user('Ann');
    const bob = await t.user('Bob');
    const first = await ann.api.connections.create.mutate({ targetUserId: bob.id, type: 'follow' });
    const second = await ann.api.connections.create.mutate({ targetUserId: bob.id, type: 'follow', message: 'again' });
    expect(second.id).toBe(first.id);
    expect(second.createdAt).toBe(first.createdAt);
    const outgoing = await ann.api.connections.list.query({ type: 'follow' });
    expect(outgoing.items.map((c) => c.id)).toEqual([first.id]);
  });

  it('is one per direction: a follow back is a second, separate connection', async () => {
    const ann = await t.user('Ann');
    const bob = await t.user('Bob');
    const annFollows = await ann.api.connections.create.mutate({ targetUserId: bob.id, type: 'follow' });
    const bobFollows = await bob.api.connections.create.mutate({ targetUserId: ann.id, type: 'follow' });
    expect(bobFollows.id).not.toBe(annFollows.id);
    expect(await ann.api.connections.check.query({ targetUserId: bob.id })).toMatchObject({
      following: true,
      followedBy: true,
      followConnectionId: annFollows.id,
    });
    const stats = await ann.api.connections.stats.query();
    expect(stats).toMatchObject({ followers: 1, following: 1, friends: 0 });
  });
});

describe('connections.create: friend', () => {
  it('is a pending request until the recipient answers', async () => {
    const ann = await t.user('Ann');
    const bob = await t.user('Bob');
    const request = await ann.api.connections.create.mutate({ targetUserId: bob.id, type: 'friend', message: 'We met at the climbing gym' });
    expect(request).toMatchObject({
      type: 'friend',
      status: 'pending',
      direction: 'outgoing',
      message: 'We met at the climbing gym',
      respondedAt: null,
      otherUser: { id: bob.id, name: 'Bob' },
    });
    const received = await bob.api.connections.list.query({ type: 'friend', status: 'pending', direction: 'incoming' });
    expect(received.items).toHaveLength(1);
    expect(received.items[0]).toMatchObject({ id: request.id, direction: 'incoming', message: 'We met at the climbing gym', otherUser: { id: ann.id } });
    expect(await bob.api.connections.check.query({ targetUserId: ann.id })).toMatchObject({
      friendship: 'incoming_request',
      friendConnectionId: request.id,
    });
  });

  it('returns the pending request when repeated', async () => {
    const ann = await t.user('Ann');
    const bob = await t.user('Bob');
    const first = await ann.api.connections.create.mutate({ targetUserId: bob.id, type: 'friend', message: 'hi' });
    const second = await ann.api.connections.create.mutate({ targetUserId: bob.id, type: 'friend', message: 'hi again' });
    expect(second).toMatchObject({ id: first.id, status: 'pending', message: 'hi' });
    const stats = await ann.api.connections.stats.query();
    expect(stats.pendingSent).toBe(1);
  });

  it('returns the friendship when asked again after acceptance, from either side', async () => {
    const ann = await t.user('Ann');
    const bob = await t.user('Bob');
    const request = await ann.api.connections.create.mutate({ targetUserId: bob.id, type: 'friend' });
    await bob.api.connections.respond.mutate({ connectionId: request.id, status: 'accepted' });
    const byAnn = await ann.api.connections.create.mutate({ targetUserId: bob.id, type: 'friend' });
    const byBob = await bob.api.connections.create.mutate({ targetUserId: ann.id, type: 'friend' });
    expect(byAnn).toMatchObject({ id: request.id, status: 'accepted', direction: 'outgoing' });
    expect(byBob).toMatchObject({ id: request.id, status: 'accepted', direction: 'incoming' });
    expect((await ann.api.connections.stats.query()).friends).toBe(1);
  });

  it('turns crossing requests A→B then B→A into one accepted friendship with the same id', async () => {
    const ann = await t.user('Ann');
    const bob = await t.user('Bob');
    const asked = await ann.api.connections.create.mutate({ targetUserId: bob.id, type: 'friend' });
    const crossed = await bob.api.connections.create.mutate({ targetUserId: ann.id, type: 'friend' });
    expect(crossed).toMatchObject({ id: asked.id, status: 'accepted', direction: 'incoming', otherUser: { id: ann.id } });
    expect(crossed.respondedAt).not.toBeNull();
    const annFriends = await ann.api.connections.list.query({ type: 'friend' });
    expect(annFriends.items).toEqual([expect.objectContaining({ id: asked.id, status: 'accepted', direction: 'outgoing' })]);
    expect(await ann.api.connections.stats.query()).toMatchObject({ friends: 1, pendingSent: 0, pendingReceived: 0 });
    expect(await bob.api.connections.stats.query()).toMatchObject({ friends: 1, pendingSent: 0, pendingReceived: 0 });
  });

  it('is independent of follows: following someone does not befriend them and vice versa', async () => {
    const ann = await t.user('Ann');
    const bob = await t.user('Bob');
    const follow = await ann.api.connections.create.mutate({ targetUserId: bob.id, type: 'follow' });
    const request = await ann.api.connections.create.mutate({ targetUserId: bob.id, type: 'friend' });
    expect(request.id).not.toBe(follow.id);
    expect(request.status).toBe('pending');
    expect(await ann.api.connections.check.query({ targetUserId: bob.id })).toMatchObject({
      following: true,
      friendship: 'outgoing_request',
      followConnectionId: follow.id,
      friendConnectionId: request.id,
    });
  });
});

describe('connections.create: who can be the target', () => {
  it('refuses every kind of connection to oneself', async () => {
    const ann = await t.user('Ann');
    for (const type of ['follow', 'friend', 'block'] as const) {
      const error = await expectError(ann.api.connections.create.mutate({ targetUserId: ann.id, type }), 'BAD_REQUEST');
      expect(error.message).toMatch(/yourself/);
    }
    const all = await ann.api.connections.list.query({});
    expect(all.items).toEqual([]);
  });

  it('answers NOT_FOUND for a user that does not exist', async () => {
    const ann = await t.user('Ann');
    for (const type of ['follow', 'friend', 'block'] as const) {
      const error = await expectError(ann.api.connections.create.mutate({ targetUserId: unknownId(), type }), 'NOT_FOUND');
      expect(error.message).toBe('User not found.');
    }
  });
});

describe('connections.create: block', () => {
  it('is immediate and ends follows both ways and the friendship', async () => {
    const [ann, bob] = await users('Ann', 'Bob');
    await ann.api.connections.create.mutate({ targetUserId: bob.id, type: 'follow' });
    await bob.api.connections.create.mutate({ targetUserId: ann.id, type: 'follow' });
    await befriend(ann, bob);

    const block = await ann.api.connections.create.mutate({ targetUserId: bob.id, type: 'block', message: 'ignored?' });
    expect(block).toMatchObject({ type: 'block', status: 'accepted', direction: 'outgoing', otherUser: { id: bob.id } });
    expect(block.respondedAt).not.toBeNull();

    expect(await ann.api.connections.check.query({ targetUserId: bob.id })).toMatchObject({
      following: false,
      followedBy: false,
      friendship: 'none',
      blocking: true,
      blockedBy: false,
      followConnectionId: null,
      friendConnectionId: null,
      blockConnectionId: block.id,
    });
    const annRows = await ann.api.connections.list.query({});
    expect(annRows.items.map((c) => c.id)).toEqual([block.id]);
    const bobRows = await bob.api.connections.list.query({});
    expect(bobRows.items).toEqual([]);
    expect(await ann.api.connections.stats.query()).toEqual({
      followers: 0,
      following: 0,
      friends: 0,
      pendingReceived: 0,
      pendingSent: 0,
      blocked: 1,
    });
    expect(await bob.api.connections.stats.query()).toMatchObject({ followers: 0, following: 0, friends: 0, blocked: 0 });
  });

  it('withdraws a pending request the blocker sent', async () => {
    const [ann, bob] = await users('Ann', 'Bob');
    const request = await ann.api.connections.create.mutate({ targetUserId: bob.id, type: 'friend' });
    await ann.api.connections.create.mutate({ targetUserId: bob.id, type: 'block' });
    expect((await bob.api.connections.list.query({ type: 'friend' })).items).toEqual([]);
    expect((await bob.api.connections.stats.query()).pendingReceived).toBe(0);
    await expectError(bob.api.connections.respond.mutate({ connectionId: request.id, status: 'accepted' }), 'NOT_FOUND');
  });

  it('discards a pending request the blocker received', async () => {
    const [ann, bob] = await users('Ann', 'Bob');
    const request = await bob.api.connections.create.mutate({ targetUserId: ann.id, type: 'friend' });
    await ann.api.connections.create.mutate({ targetUserId: bob.id, type: 'block' });
    expect((await ann.api.connections.list.query({ type: 'friend' })).items).toEqual([]);
    expect((await bob.api.connections.list.query({ type: 'friend' })).items).toEqual([]);
    expect((await ann.api.connections.stats.query()).pendingReceived).toBe(0);
    expect((await bob.api.connections.stats.query()).pendingSent).toBe(0);
    await expectError(ann.api.connections.respond.mutate({ connectionId: request.id, status: 'accepted' }), 'NOT_FOUND');
  });

  it('leaves connections with other users alone', async () => {
    const [ann, bob, cat] = await users('Ann', 'Bob', 'Cat');
    const annFollowsCat = await ann.api.connections.create.mutate({ targetUserId: cat.id, type: 'follow' });
    const bobFollowsCat = await bob.api.connections.create.mutate({ targetUserId: cat.id, type: 'follow' });
    await ann.api.connections.create.mutate({ targetUserId: bob.id, type: 'block' });
    const catFollowers = await cat.api.connections.list.query({ type: 'follow', direction: 'incoming' });
    expect(catFollowers.items.map((c) => c.id).sort()).toEqual([annFollowsCat.id, bobFollowsCat.id].sort());
  });

  it('returns the same block when repeated', async () => {
    const [ann, bob] = await users('Ann', 'Bob');
    const first = await ann.api.connections.create.mutate({ targetUserId: bob.id, type: 'block' });
    const second = await ann.api.connections.create.mutate({ targetUserId: bob.id, type: 'block' });
    expect(second.id).toBe(first.id);
    expect((await ann.api.connections.stats.query()).blocked).toBe(1);
  });
});

describe('what a block forbids', () => {
  it('makes the blocker "not found" to the blocked user, exactly as a missing user is', async () => {
    const [ann, bob] = await users('Ann', 'Bob');
    await ann.api.connections.create.mutate({ targetUserId: bob.id, type: 'block' });
    for (const type of ['follow', 'friend'] as const) {
      const error = await expectError(bob.api.connections.create.mutate({ targetUserId: ann.id, type, message: 'please' }), 'NOT_FOUND');
      expect(error.message).toBe('User not found.');
    }
    expect((await ann.api.connections.list.query({ direction: 'incoming' })).items).toEqual([]);
  });

  it('tells the blocker to unblock first if they try to follow or befriend', async () => {
    const [ann, bob] = await users('Ann', 'Bob');
    await ann.api.connections.create.mutate({ targetUserId: bob.id, type: 'block' });
    for (const type of ['follow', 'friend'] as const) {
      const error = await expectError(ann.api.connections.create.mutate({ targetUserId: bob.id, type }), 'FORBIDDEN');
      expect(error.message).toMatch(/blocked Bob.*Unblock/);
    }
    expect((await ann.api.connections.list.query({})).items.map((c) => c.type)).toEqual(['block']);
  });

  it('lets only the blocker lift the block', async () => {
    const [ann, bob] = await users('Ann', 'Bob');
    const block = await ann.api.connections.create.mutate({ targetUserId: bob.id, type: 'block' });
    const error = await expectError(bob.api.connections.remove.mutate({ connectionId: block.id }), 'FORBIDDEN');
    expect(error.message).toMatch(/Only the person who blocked/);
    expect((await ann.api.connections.check.query({ targetUserId: bob.id })).blocking).toBe(true);

    expect(await ann.api.connections.remove.mutate({ connectionId: block.id })).toEqual({ connectionId: block.id });
    expect(await ann.api.connections.check.query({ targetUserId: bob.id })).toMatchObject({ blocking: false, blockConnectionId: null });
  });

  it('after an unblock, both sides may follow and befriend again', async () => {
    const [ann, bob] = await users('Ann', 'Bob');
    const block = await ann.api.connections.create.mutate({ targetUserId: bob.id, type: 'block' });
    await ann.api.connections.remove.mutate({ connectionId: block.id });
    const bobFollows = await bob.api.connections.create.mutate({ targetUserId: ann.id, type: 'follow' });
    const annFollows = await ann.api.connections.create.mutate({ targetUserId: bob.id, type: 'follow' });
    expect(bobFollows.status).toBe('accepted');
    expect(annFollows.status).toBe('accepted');
    const request = await bob.api.connections.create.mutate({ targetUserId: ann.id, type: 'friend' });
    expect(request.status).toBe('pending');
  });

  it('lets the blocked user block back; each block stands on its own', async () => {
    const [ann, bob] = await users('Ann', 'Bob');
    const annBlocks = await ann.api.connections.create.mutate({ targetUserId: bob.id, type: 'block' });
    const bobBlocks = await bob.api.connections.create.mutate({ targetUserId: ann.id, type: 'block' });
    expect(bobBlocks.id).not.toBe(annBlocks.id);
    expect(await ann.api.connections.check.query({ targetUserId: bob.id })).toMatchObject({
      blocking: true,
      blockedBy: true,
      blockConnectionId: annBlocks.id,
    });

    await ann.api.connections.remove.mutate({ connectionId: annBlocks.id });
    // Bob's block still stands: to Ann he is now the one who is not found.
    await expectError(ann.api.connections.create.mutate({ targetUserId: bob.id, type: 'follow' }), 'NOT_FOUND');
    await expectError(bob.api.connections.create.mutate({ targetUserId: ann.id, type: 'follow' }), 'FORBIDDEN');
  });

  it('shows a block list only to its owner', async () => {
    const [ann, bob] = await users('Ann', 'Bob');
    const block = await ann.api.connections.create.mutate({ targetUserId: bob.id, type: 'block' });
    expect((await ann.api.connections.list.query({ type: 'block' })).items.map((c) => c.id)).toEqual([block.id]);
    for (const direction of ['incoming', 'outgoing', 'all'] as const) {
      expect((await bob.api.connections.list.query({ direction })).items).toEqual([]);
      expect((await bob.api.connections.list.query({ direction, type: 'block' })).items).toEqual([]);
    }
    expect((await bob.api.connections.stats.query()).blocked).toBe(0);
  });
});
