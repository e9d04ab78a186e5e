import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer, type TestUser } from '../harness';
import { expectFieldErrors } from '../expect-error';
import { unknownId } from './helpers';

let t: TestServer;
beforeAll(async () => {
  t = await startTestServer();
});
afterAll(async () => {
  await t.close();
});

const nothing = (userId: string) => ({
  userId,
  following: false,
  followedBy: false,
  friendship: 'none',
  blocking: false,
  blockedBy: false,
  followConnectionId: null,
  friendConnectionId: null,
  blockConnectionId: null,
});

let me: TestUser;
let others: Record<'follows' | 'follower' | 'mutual' | 'asked' | 'asker' | 'friend' | 'declined' | 'blocked' | 'blocker' | 'stranger', TestUser>;
const ids: Record<string, string> = {};

beforeAll(async () => {
  const names = ['follows', 'follower', 'mutual', 'asked', 'asker', 'friend', 'declined', 'blocked', 'blocker', 'stranger'] as const;
  me = await t.user('Me');
  const made = await Promise.all(names.map((name) => t.user(name)));
  others = Object.fromEntries(names.map((name, i) => [name, made[i]])) as typeof others;
  const o = others;
  const create = (from: TestUser, to: TestUser, type: 'follow' | 'friend' | 'block') =>
    from.api.connections.create.mutate({ targetUserId: to.id, type }).then((c) => c.id);
  ids.follows = await create(me, o.follows, 'follow');
  ids.follower = await create(o.follower, me, 'follow');
  ids.mutualOut = await create(me, o.mutual, 'follow');
  ids.mutualIn = await create(o.mutual, me, 'follow');
  ids.mutualFriend = await create(me, o.mutual, 'friend');
  await o.mutual.api.connections.respond.mutate({ connectionId: ids.mutualFriend, status: 'accepted' });
  ids.asked = await create(me, o.asked, 'friend');
  ids.asker = await create(o.asker, me, 'friend');
  ids.friend = await create(o.friend, me, 'friend');
  await me.api.connections.respond.mutate({ connectionId: ids.friend, status: 'accepted' });
  ids.declined = await create(me, o.declined, 'friend');
  await o.declined.api.connections.respond.mutate({ connectionId: ids.declined, status: 'rejected' });
  ids.blocked = await create(me, o.blocked, 'block');
  ids.blocker = await create(o.blocker, me, 'block');
});

describe('connections.check', () => {
  it('reports follows in each direction with the actor’s own follow id', async () => {
    expect(await me.api.connections.check.query({ targetUserId: others.follows.id })).toEqual({
      ...nothing(others.follows.id),
      following: true,
      followConnectionId: ids.follows,
    });
    // Their follow is theirs to remove: its id is not handed to me.
    expect(await me.api.connections.check.query({ targetUserId: others.follower.id })).toEqual({
      ...nothing(others.follower.id),
      followedBy: true,
    });
  });

  it('reports everything at once between two users who follow each other and are friends', async () => {
    expect(await me.api.connections.check.query({ targetUserId: others.mutual.id })).toEqual({
      ...nothing(others.mutual.id),
      following: true,
      followedBy: true,
      friendship: 'friends',
      followConnectionId: ids.mutualOut,
      friendConnectionId: ids.mutualFriend,
    });
    expect(await others.mutual.api.connections.check.query({ targetUserId: me.id })).toMatchObject({
      following: true,
      followedBy: true,
      friendship: 'friends',
      followConnectionId: ids.mutualIn,
      friendConnectionId: ids.mutualFriend,
    });
  });

  it('reports each state of a friendship with the id to respond to or remove', async () => {
    const check = (user: TestUser) => me.api.connections.check.query({ targetUserId: user.id });
    expect(await check(others.asked)).toEqual({ ...nothing(others.asked.id), friendship: 'outgoing_request', friendConnectionId: ids.asked });
    expect(await check(others.asker)).toEqual({ ...nothing(others.asker.id), friendship: 'incoming_request', friendConnectionId: ids.asker });
    expect(await check(others.friend)).toEqual({ ...nothing(others.friend.id), friendship: 'friends', friendConnectionId: ids.friend });
    expect(await check(others.declined)).toEqual(nothing(others.declined.id));
    expect(await others.asked.api.connections.check.query({ targetUserId: me.id })).toMatchObject({ friendship: 'incoming_request' });
  });

  it('reports blocking and being blocked', async () => {
    expect(await me.api.connections.check.query({ targetUserId: others.blocked.id })).toEqual({
      ...nothing(others.blocked.id),
      blocking: true,
      blockConnectionId: ids.blocked,
    });
    expect(await me.api.connections.check.query({ targetUserId: others.blocker.id })).toEqual({
      ...nothing(others.blocker.id),
      blockedBy: true,
    });
    expect(await others.blocked.api.connections.check.query({ targetUserId: me.id })).toEqual({
      ...nothing(me.id),
      blockedBy: true,
    });
  });

  it('reveals nothing for a stranger, a user that does not exist, or oneself', async () => {
    for (const id of [others.stranger.id, unknownId(), me.id]) {
      expect(await me.api.connections.check.query({ targetUserId: id })).toEqual(nothing(id));
    }
  });

  it('hands out ids that respond and remove accept', async () => {
    const [ann, bob] = await Promise.all([t.user('Ann'), t.user('Bob')]);
    await ann.api.connections.create.mutate({ targetUserId: bob.id, type: 'friend' });
    const seen = await bob.api.connections.check.query({ targetUserId: ann.id });
    if (seen.friendConnectionId === null) throw new Error('expected a friend request id');
    await bob.api.connections.respond.mutate({ connectionId: seen.friendConnectionId, status: 'accepted' });
    expect((await ann.api.connections.check.query({ targetUserId: bob.id })).friendship).toBe('friends');
    await ann.api.connections.remove.mutate({ connectionId: seen.friendConnectionId });
    expect(await ann.api.connections.check.query({ targetUserId: bob.id })).toEqual(nothing(bob.id));
  });
});

describe('connections.checkMany', () => {
  it('answers for each user in the order asked, the same as check does one by one', async () => {
    const asked = [...Object.values(others).map((u) => u.id), unknownId(), me.id];
    asked.push(others.friend.id); // a repeat is answered twice
    const many = await me.api.connections.checkMany.query({ targetUserIds: asked });
    expect(many.map((r) => r.userId)).toEqual(asked);
    const one = await Promise.all(asked.map((id) => me.api.connections.check.query({ targetUserId: id })));
    expect(many).toEqual(one);
    // Oneself in a batch is still nobody: the rows with everyone else are not "with me".
    expect(many.find((r) => r.userId === me.id)).toEqual(nothing(me.id));
    expect(many.filter((r) => r.friendship === 'friends')).toHaveLength(3);
  });

  it('takes up to 100 users', async () => {
    const hundred = [others.follows.id, ...Array.from({ length: 99 }, () => unknownId())];
    const many = await me.api.connections.checkMany.query({ targetUserIds: hundred });
    expect(many).toHaveLength(100);
    expect(many[0]).toMatchObject({ userId: others.follows.id, following: true });
    expect(many.slice(1).every((r) => !r.following && !r.followedBy && r.friendship === 'none')).toBe(true);
  });

  it('refuses 101 users and an empty list with BAD_REQUEST naming the field', async () => {
    const tooMany = Array.from({ length: 101 }, () => unknownId());
    const error = await expectFieldErrors(me.api.connections.checkMany.query({ targetUserIds: tooMany }), ['targetUserIds']);
    expect(error.message).toMatch(/100/);
    await expectFieldErrors(me.api.connections.checkMany.query({ targetUserIds: [] }), ['targetUserIds']);
  });
});
