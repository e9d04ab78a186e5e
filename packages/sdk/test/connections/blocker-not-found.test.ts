import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectError } from '../expect-error';
import { startTestServer, type TestServer, type TestUser } from '../harness';
import { befriend, ids, signUpAll, unknownId } from './helpers';

let t: TestServer;
beforeAll(async () => {
  t = await startTestServer();
});
afterAll(() => t.close());

type Decline = 'blocker declined' | 'blocked declined';

/**
 * A friend request declined (by `decline`'s side), then a block: the blocker
 * then changes their profile, so a leak would show the new name. Returns the
 * declined row's id.
 */
async function declinedThenBlocked(decline: Decline) {
  const [blocker, blocked] = await signUpAll(t, 'Blocker', 'Blocked');
  const [asker, decider] = decline === 'blocker declined' ? [blocked, blocker] : [blocker, blocked];
  const request = await asker.api.connections.create.mutate({ targetUserId: decider.id, type: 'friend' });
  await decider.api.connections.respond.mutate({ connectionId: request.id, status: 'rejected' });
  const block = await blocker.api.connections.create.mutate({ targetUserId: blocked.id, type: 'block' });
  await blocker.api.users.updateMe.mutate({ name: 'Blocker Renamed', bio: 'new bio', city: 'Elsewhere' });
  return { blocker, blocked, declinedId: request.id, blockId: block.id };
}

/** Every list the user can ask for, under every filter, flattened. */
async function everyListing(user: TestUser) {
  const listed = [];
  for (const direction of ['all', 'incoming', 'outgoing'] as const) {
    for (const status of [undefined, 'pending', 'accepted', 'rejected'] as const) {
      for (const type of [undefined, 'follow', 'friend', 'block'] as const) {
        listed.push(...(await user.api.connections.list.query({ direction, status, type, limit: 100 })).items);
      }
    }
  }
  return listed;
}

const cases: Decline[] = ['blocker declined', 'blocked declined'];

describe.each(cases)('a declined request, then a block (%s)', (decline) => {
  it('is in none of the blocked user’s lists, and nothing there carries the blocker', async () => {
    const { blocker, blocked, declinedId } = await declinedThenBlocked(decline);
    const listed = await everyListing(blocked);
    expect(listed.map((c) => c.id)).not.toContain(declinedId);
    expect(listed.map((c) => c.otherUser?.id)).not.toContain(blocker.id);
    expect(JSON.stringify(listed)).not.toContain('Blocker Renamed');
  });

  it('is not listed to the blocker either: the block is the one row between them', async () => {
    const { blocker, blockId } = await declinedThenBlocked(decline);
    expect(ids((await blocker.api.connections.list.query({ limit: 100 })).items)).toEqual([blockId]);
    expect((await blocker.api.connections.list.query({ status: 'rejected' })).items).toEqual([]);
  });

  it('cannot be answered or cleared by the blocked user: NOT_FOUND, as for an id that does not exist', async () => {
    const { blocked, declinedId } = await declinedThenBlocked(decline);
    const missing = await expectError(blocked.api.connections.respond.mutate({ connectionId: unknownId(), status: 'rejected' }), 'NOT_FOUND');
    for (const status of ['accepted', 'rejected'] as const) {
      const error = await expectError(blocked.api.connections.respond.mutate({ connectionId: declinedId, status }), 'NOT_FOUND');
      expect(error.message).toBe(missing.message);
    }
    const removed = await expectError(blocked.api.connections.remove.mutate({ connectionId: declinedId }), 'NOT_FOUND');
    expect(removed.message).toBe(missing.message);
  });

  it('is no relationship in check, checkMany, stats, ofUser or suggestions to the blocked user', async () => {
    const { blocker, blocked } = await declinedThenBlocked(decline);
    const relationship = await blocked.api.connections.check.query({ targetUserId: blocker.id });
    expect(relationship).toMatchObject({ friendship: 'none', friendConnectionId: null, following: false, followedBy: false });
    expect(await blocked.api.connections.checkMany.query({ targetUserIds: [blocker.id] })).toEqual([relationship]);
    await expectError(blocked.api.connections.stats.query({ userId: blocker.id }), 'NOT_FOUND');
    for (const type of ['followers', 'following', 'friends'] as const) {
      await expectError(blocked.api.connections.ofUser.query({ userId: blocker.id, type }), 'NOT_FOUND');
    }
    const own = await blocked.api.connections.stats.query();
    expect(own).toMatchObject({ pendingReceived: 0, pendingSent: 0, friends: 0 });
  });

  it('comes back when the block is lifted, with the refusal and its cooldown intact', async () => {
    const { blocker, blocked, declinedId, blockId } = await declinedThenBlocked(decline);
    await blocker.api.connections.remove.mutate({ connectionId: blockId });
    expect(ids((await blocked.api.connections.list.query({ status: 'rejected' })).items)).toEqual([declinedId]);
    const [asker, decider] = decline === 'blocker declined' ? [blocked, blocker] : [blocker, blocked];
    await expectError(asker.api.connections.create.mutate({ targetUserId: decider.id, type: 'friend' }), 'CONFLICT');
  });
});

describe('a blocked user who blocks back', () => {
  it('gets their own block without the blocker’s profile, in the answer, its retry and their block list', async () => {
    const [blocker, blocked] = await signUpAll(t, 'Blocker', 'Blocked');
    await blocker.api.connections.create.mutate({ targetUserId: blocked.id, type: 'block' });
    const back = await blocked.api.connections.create.mutate({ targetUserId: blocker.id, type: 'block' });
    expect(back).toMatchObject({ type: 'block', direction: 'outgoing', otherUser: null });
    expect((await blocked.api.connections.create.mutate({ targetUserId: blocker.id, type: 'block' })).otherUser).toBeNull();
    const listed = (await blocked.api.connections.list.query({ type: 'block' })).items;
    expect(listed.map((c) => [c.id, c.otherUser])).toEqual([[back.id, null]]);
    // The block's id is all it takes to lift it.
    expect(await blocked.api.connections.remove.mutate({ connectionId: back.id })).toEqual({ connectionId: back.id });
  });

  it('shows the blocker the profile again once the other side lifts their block', async () => {
    const [ann, bob] = await signUpAll(t, 'Ann', 'Bob');
    const annBlocks = await ann.api.connections.create.mutate({ targetUserId: bob.id, type: 'block' });
    await bob.api.connections.create.mutate({ targetUserId: ann.id, type: 'block' });
    expect((await ann.api.connections.list.query({ type: 'block' })).items.map((c) => c.otherUser)).toEqual([null]);
    await ann.api.connections.remove.mutate({ connectionId: annBlocks.id });
    expect((await bob.api.connections.list.query({ type: 'block' })).items.map((c) => c.otherUser?.id)).toEqual([ann.id]);
  });
});

describe('the blocker’s friends, seen by the blocked user', () => {
  it('never include the blocker: a shared friend’s friends list leaves them out', async () => {
    const [blocker, blocked, shared] = await signUpAll(t, 'Blocker', 'Blocked', 'Shared');
    await befriend(blocker, shared);
    await befriend(blocked, shared);
    await blocker.api.connections.create.mutate({ targetUserId: blocked.id, type: 'block' });
    const friends = await blocked.api.connections.ofUser.query({ userId: shared.id, type: 'friends' });
    expect(friends.items.map((c) => c.otherUser?.id)).toEqual([blocked.id]);
    expect((await blocked.api.connections.suggestions.query()).map((s) => s.user.id)).not.toContain(blocker.id);
  });
});
