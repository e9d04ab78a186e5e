import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../harness';
import { expectError } from '../expect-error';
import { signUpAll, unknownId } from './helpers';

const WEEK_SECONDS = 7 * 24 * 60 * 60;

let t: TestServer;
beforeAll(async () => {
  // The default cooldown (a week) after a declined friend request.
  t = await startTestServer();
});
afterAll(async () => {
  await t.close();
});

const users = <const N extends readonly string[]>(...names: N) => signUpAll(t, ...names);

describe('connections.respond', () => {
  it('lets the recipient accept, making both friends', async () => {
    const [ann, bob] = await users('Ann', 'Bob');
    const request = await ann.api.connections.create.mutate({ targetUserId: bob.id, type: 'friend', message: 'hi' });
    const accepted = await bob.api.connections.respond.mutate({ connectionId: request.id, status: 'accepted' });
    expect(accepted).toMatchObject({ id: request.id, status: 'accepted', direction: 'incoming', message: 'hi', otherUser: { id: ann.id } });
    expect(accepted.respondedAt).not.toBeNull();
    expect(await ann.api.connections.check.query({ targetUserId: bob.id })).toMatchObject({ friendship: 'friends', friendConnectionId: request.id });
    expect(await ann.api.connections.stats.query()).toMatchObject({ friends: 1, pendingSent: 0 });
    expect(await bob.api.connections.stats.query()).toMatchObject({ friends: 1, pendingReceived: 0 });
  });

  it('lets the recipient decline, after which neither is a friend and the requester sees "rejected"', async () => {
    const [ann, bob] = await users('Ann', 'Bob');
    const request = await ann.api.connections.create.mutate({ targetUserId: bob.id, type: 'friend' });
    const declined = await bob.api.connections.respond.mutate({ connectionId: request.id, status: 'rejected' });
    expect(declined).toMatchObject({ id: request.id, status: 'rejected' });
    expect(declined.respondedAt).not.toBeNull();
    expect(await ann.api.connections.check.query({ targetUserId: bob.id })).toMatchObject({ friendship: 'none', friendConnectionId: null });
    const annRejected = await ann.api.connections.list.query({ status: 'rejected' });
    expect(annRejected.items.map((c) => c.id)).toEqual([request.id]);
    expect(await bob.api.connections.stats.query()).toMatchObject({ friends: 0, pendingReceived: 0 });
  });

  it('refuses the requester: only the recipient may answer', async () => {
    const [ann, bob] = await users('Ann', 'Bob');
    const request = await ann.api.connections.create.mutate({ targetUserId: bob.id, type: 'friend' });
    for (const status of ['accepted', 'rejected'] as const) {
      const error = await expectError(ann.api.connections.respond.mutate({ connectionId: request.id, status }), 'FORBIDDEN');
      expect(error.message).toMatch(/received this friend request/);
    }
    expect((await bob.api.connections.check.query({ targetUserId: ann.id })).friendship).toBe('incoming_request');
  });

  it('tells a stranger NOT_FOUND, in the very words used for an id that does not exist', async () => {
    const [ann, bob, eve] = await users('Ann', 'Bob', 'Eve');
    const request = await ann.api.connections.create.mutate({ targetUserId: bob.id, type: 'friend' });
    const stranger = await expectError(eve.api.connections.respond.mutate({ connectionId: request.id, status: 'accepted' }), 'NOT_FOUND');
    const missing = await expectError(eve.api.connections.respond.mutate({ connectionId: unknownId(), status: 'accepted' }), 'NOT_FOUND');
    expect(stranger.message).toBe(missing.message);
    expect(stranger.data?.reason ?? null).toBe(missing.data?.reason ?? null);
    expect((await bob.api.connections.check.query({ targetUserId: ann.id })).friendship).toBe('incoming_request');
  });

  it('returns the same answer when the same answer is given twice', async () => {
    const [ann, bob, cat] = await users('Ann', 'Bob', 'Cat');
    const request = await ann.api.connections.create.mutate({ targetUserId: bob.id, type: 'friend' });
    const first = await bob.api.connections.respond.mutate({ connectionId: request.id, status: 'accepted' });
    const second = await bob.api.connections.respond.mutate({ connectionId: request.id, status: 'accepted' });
    expect(second).toEqual(first);

    const toDecline = await cat.api.connections.create.mutate({ targetUserId: bob.id, type: 'friend' });
    const declined = await bob.api.connections.respond.mutate({ connectionId: toDecline.id, status: 'rejected' });
    expect(await bob.api.connections.respond.mutate({ connectionId: toDecline.id, status: 'rejected' })).toEqual(declined);
  });

  it('refuses to change an answer already given', async () => {
    const [ann, bob, cat] = await users('Ann', 'Bob', 'Cat');
    const accepted = await ann.api.connections.create.mutate({ targetUserId: bob.id, type: 'friend' });
    await bob.api.connections.respond.mutate({ connectionId: accepted.id, status: 'accepted' });
    const error = await expectError(bob.api.connections.respond.mutate({ connectionId: accepted.id, status: 'rejected' }), 'CONFLICT');
    expect(error.message).toMatch(/already accepted/);
    expect((await bob.api.connections.check.query({ targetUserId: ann.id })).friendship).toBe('friends');

    const declined = await cat.api.connections.create.mutate({ targetUserId: bob.id, type: 'friend' });
    await bob.api.connections.respond.mutate({ connectionId: declined.id, status: 'rejected' });
    const again = await expectError(bob.api.connections.respond.mutate({ connectionId: declined.id, status: 'accepted' }), 'CONFLICT');
    expect(again.message).toMatch(/already declined/);
    expect((await bob.api.connections.check.query({ targetUserId: cat.id })).friendship).toBe('none');
  });

  it('refuses to answer a follow or a block: only friend requests need an answer', async () => {
    const [ann, bob] = await users('Ann', 'Bob');
    const follow = await ann.api.connections.create.mutate({ targetUserId: bob.id, type: 'follow' });
    for (const who of [ann, bob]) {
      const error = await expectError(who.api.connections.respond.mutate({ connectionId: follow.id, status: 'accepted' }), 'BAD_REQUEST');
      expect(error.message).toMatch(/follow needs no answer/);
    }
    const block = await bob.api.connections.create.mutate({ targetUserId: ann.id, type: 'block' });
    await expectError(bob.api.connections.respond.mutate({ connectionId: block.id, status: 'rejected' }), 'BAD_REQUEST');
    expect((await bob.api.connections.check.query({ targetUserId: ann.id })).blocking).toBe(true);
  });

  it('answers NOT_FOUND to a request the requester has withdrawn', async () => {
    const [ann, bob] = await users('Ann', 'Bob');
    const request = await ann.api.connections.create.mutate({ targetUserId: bob.id, type: 'friend' });
    await ann.api.connections.remove.mutate({ connectionId: request.id });
    await expectError(bob.api.connections.respond.mutate({ connectionId: request.id, status: 'accepted' }), 'NOT_FOUND');
  });
});

describe('a declined friend request', () => {
  it('makes the requester wait: CONFLICT with a readable sentence and retryAfterSeconds', async () => {
    const [ann, bob] = await users('Ann', 'Bob');
    const request = await ann.api.connections.create.mutate({ targetUserId: bob.id, type: 'friend' });
    await bob.api.connections.respond.mutate({ connectionId: request.id, status: 'rejected' });

    const error = await expectError(ann.api.connections.create.mutate({ targetUserId: bob.id, type: 'friend' }), 'CONFLICT');
    expect(error.message).toMatch(/^Bob declined your friend request on \d{4}-\d{2}-\d{2}\. You can ask again after \d{4}-\d{2}-\d{2}\.$/);
    const retryAfter = error.data?.retryAfterSeconds;
    expect(typeof retryAfter).toBe('number');
    expect(retryAfter).toBeGreaterThan(WEEK_SECONDS - 3600);
    expect(retryAfter).toBeLessThanOrEqual(WEEK_SECONDS);
    expect((await bob.api.connections.stats.query()).pendingReceived).toBe(0);
  });

  it('does not stop the requester from following', async () => {
    const [ann, bob] = await users('Ann', 'Bob');
    const request = await ann.api.connections.create.mutate({ targetUserId: bob.id, type: 'friend' });
    await bob.api.connections.respond.mutate({ connectionId: request.id, status: 'rejected' });
    const follow = await ann.api.connections.create.mutate({ targetUserId: bob.id, type: 'follow' });
    expect(follow.status).toBe('accepted');
  });

  it('cannot be erased by the requester, but the one who declined can clear it, which lifts the wait', async () => {
    const [ann, bob] = await users('Ann', 'Bob');
    const request = await ann.api.connections.create.mutate({ targetUserId: bob.id, type: 'friend' });
    await bob.api.connections.respond.mutate({ connectionId: request.id, status: 'rejected' });

    const error = await expectError(ann.api.connections.remove.mutate({ connectionId: request.id }), 'FORBIDDEN');
    expect(error.message).toMatch(/declined/);
    await expectError(ann.api.connections.create.mutate({ targetUserId: bob.id, type: 'friend' }), 'CONFLICT');

    expect(await bob.api.connections.remove.mutate({ connectionId: request.id })).toEqual({ connectionId: request.id });
    const again = await ann.api.connections.create.mutate({ targetUserId: bob.id, type: 'friend', message: 'second try' });
    expect(again).toMatchObject({ status: 'pending', message: 'second try' });
    expect(again.id).not.toBe(request.id);
    expect((await bob.api.connections.list.query({ status: 'pending', direction: 'incoming' })).items.map((c) => c.id)).toEqual([again.id]);
  });

  it('never stops the one who declined from asking, and a crossing request still makes friends', async () => {
    const [ann, bob] = await users('Ann', 'Bob');
    const request = await ann.api.connections.create.mutate({ targetUserId: bob.id, type: 'friend' });
    await bob.api.connections.respond.mutate({ connectionId: request.id, status: 'rejected' });

    const bobAsks = await bob.api.connections.create.mutate({ targetUserId: ann.id, type: 'friend' });
    expect(bobAsks).toMatchObject({ status: 'pending', direction: 'outgoing' });
    expect(bobAsks.id).not.toBe(request.id);
    // Ann, who is still within her wait, answers by asking: that is a yes.
    const annAsks = await ann.api.connections.create.mutate({ targetUserId: bob.id, type: 'friend' });
    expect(annAsks).toMatchObject({ id: bobAsks.id, status: 'accepted' });
  });
});

describe('connections.remove', () => {
  it('lets either side end a follow', async () => {
    const [ann, bob] = await users('Ann', 'Bob');
    const unfollowed = await ann.api.connections.create.mutate({ targetUserId: bob.id, type: 'follow' });
    expect(await ann.api.connections.remove.mutate({ connectionId: unfollowed.id })).toEqual({ connectionId: unfollowed.id });
    expect((await ann.api.connections.check.query({ targetUserId: bob.id })).following).toBe(false);

    const dropped = await ann.api.connections.create.mutate({ targetUserId: bob.id, type: 'follow' });
    expect(dropped.id).not.toBe(unfollowed.id);
    expect(await bob.api.connections.remove.mutate({ connectionId: dropped.id })).toEqual({ connectionId: dropped.id });
    expect((await bob.api.connections.stats.query()).followers).toBe(0);
  });

  it('lets either side end a friendship', async () => {
    const [ann, bob] = await users('Ann', 'Bob');
    for (const [asker, remover] of [
      [ann, bob],
      [bob, ann],
    ] as const) {
      const other = asker === ann ? bob : ann;
      const request = await asker.api.connections.create.mutate({ targetUserId: other.id, type: 'friend' });
      await other.api.connections.respond.mutate({ connectionId: request.id, status: 'accepted' });
      await remover.api.connections.remove.mutate({ connectionId: request.id });
      expect((await ann.api.connections.check.query({ targetUserId: bob.id })).friendship).toBe('none');
      expect((await bob.api.connections.stats.query()).friends).toBe(0);
    }
  });

  it('lets the requester cancel a pending request and the recipient dismiss one', async () => {
    const [ann, bob] = await users('Ann', 'Bob');
    const cancelled = await ann.api.connections.create.mutate({ targetUserId: bob.id, type: 'friend' });
    await ann.api.connections.remove.mutate({ connectionId: cancelled.id });
    expect((await bob.api.connections.stats.query()).pendingReceived).toBe(0);

    const dismissed = await ann.api.connections.create.mutate({ targetUserId: bob.id, type: 'friend' });
    expect(dismissed.status).toBe('pending');
    await bob.api.connections.remove.mutate({ connectionId: dismissed.id });
    expect((await ann.api.connections.stats.query()).pendingSent).toBe(0);
    // A dismissed request is not a refusal: asking again is allowed at once.
    expect((await ann.api.connections.create.mutate({ targetUserId: bob.id, type: 'friend' })).status).toBe('pending');
  });

  it('tells a stranger NOT_FOUND, the same as for an id that does not exist, and removes nothing', async () => {
    const [ann, bob, eve] = await users('Ann', 'Bob', 'Eve');
    const follow = await ann.api.connections.create.mutate({ targetUserId: bob.id, type: 'follow' });
    const block = await ann.api.connections.create.mutate({ targetUserId: eve.id, type: 'block' });
    const stranger = await expectError(eve.api.connections.remove.mutate({ connectionId: follow.id }), 'NOT_FOUND');
    const missing = await expectError(eve.api.connections.remove.mutate({ connectionId: unknownId() }), 'NOT_FOUND');
    expect(stranger.message).toBe(missing.message);
    await expectError(bob.api.connections.remove.mutate({ connectionId: block.id }), 'NOT_FOUND');
    expect(await ann.api.connections.check.query({ targetUserId: bob.id })).toMatchObject({ following: true, followConnectionId: follow.id });
    expect((await ann.api.connections.check.query({ targetUserId: eve.id })).blocking).toBe(true);
  });

  it('answers NOT_FOUND the second time', async () => {
    const [ann, bob] = await users('Ann', 'Bob');
    const follow = await ann.api.connections.create.mutate({ targetUserId: bob.id, type: 'follow' });
    await ann.api.connections.remove.mutate({ connectionId: follow.id });
    await expectError(ann.api.connections.remove.mutate({ connectionId: follow.id }), 'NOT_FOUND');
  });
});
