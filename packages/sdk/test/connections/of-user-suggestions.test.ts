import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer, type TestUser } from '../harness';
import { expectError } from '../expect-error';
import { befriend, signUpAll, sorted, unknownId, walkPages } from './helpers';

let t: TestServer;
beforeAll(async () => {
  t = await startTestServer();
});
afterAll(async () => {
  await t.close();
});

const users = <const N extends readonly string[]>(...names: N) => signUpAll(t, ...names);

const follow = (a: TestUser, b: TestUser) => a.api.connections.create.mutate({ targetUserId: b.id, type: 'follow' });
const block = (a: TestUser, b: TestUser) => a.api.connections.create.mutate({ targetUserId: b.id, type: 'block' });

describe('connections.ofUser', () => {
  let subject: TestUser;
  let viewer: TestUser;
  let bystander: TestUser;
  let f1: TestUser, f2: TestUser, f3: TestUser, g1: TestUser, g2: TestUser, r1: TestUser, r2: TestUser;

  beforeAll(async () => {
    let p1: TestUser;
    [subject, viewer, bystander, f1, f2, f3, g1, g2, r1, r2, p1] = await users(
      'Subject', 'Viewer', 'Bystander', 'F1', 'F2', 'F3', 'G1', 'G2', 'R1', 'R2', 'P1',
    );
    const s = subject;
    await follow(f1, s);
    await follow(f2, s);
    await follow(f3, s);
    await follow(s, g1);
    await follow(s, g2);
    await befriend(s, r1);
    await befriend(r2, s);
    await s.api.connections.create.mutate({ targetUserId: p1.id, type: 'friend' });
    await follow(r2, s);
    // F3 blocks the viewer; the viewer blocks G2.
    await block(f3, viewer);
    await block(viewer, g2);
  });

  const otherIds = async (viewerUser: TestUser, type: 'followers' | 'following' | 'friends', userId = subject.id) =>
    sorted((await viewerUser.api.connections.ofUser.query({ userId, type, limit: 100 })).items.map((c) => c.otherUser?.id ?? ''));

  it('lists followers, following and accepted friends, each with the other user’s profile', async () => {
    expect(await otherIds(bystander, 'followers')).toEqual(sorted([f1.id, f2.id, f3.id, r2.id]));
    expect(await otherIds(bystander, 'following')).toEqual(sorted([g1.id, g2.id]));
    // The pending request to P1 is not a friendship.
    expect(await otherIds(bystander, 'friends')).toEqual(sorted([r1.id, r2.id]));
    const friends = await bystander.api.connections.ofUser.query({ userId: subject.id, type: 'friends' });
    for (const item of friends.items) {
      expect(item).toMatchObject({ type: 'friend', status: 'accepted' });
      expect(['R1', 'R2']).toContain(item.otherUser?.name);
      expect(item.otherUser).not.toHaveProperty('email');
    }
  });

  it('is the same list for the subject themselves', async () => {
    expect(await otherIds(subject, 'followers')).toEqual(await otherIds(bystander, 'followers'));
    expect(await otherIds(subject, 'friends')).toEqual(await otherIds(bystander, 'friends'));
  });

  it('never lists a user who blocks the viewer, nor one the viewer blocks', async () => {
    expect(await otherIds(viewer, 'followers')).toEqual(sorted([f1.id, f2.id, r2.id]));
    expect(await otherIds(viewer, 'following')).toEqual([g1.id]);
  });

  it('hides a user entirely when either one blocks the other, exactly as a missing user', async () => {
    const [ann, bob] = await users('Ann', 'Bob');
    await follow(bystander, ann);
    await block(ann, bob);
    for (const type of ['followers', 'following', 'friends'] as const) {
      const blockedViewer = await expectError(bob.api.connections.ofUser.query({ userId: ann.id, type }), 'NOT_FOUND');
      const blockerViewer = await expectError(ann.api.connections.ofUser.query({ userId: bob.id, type }), 'NOT_FOUND');
      const missing = await expectError(ann.api.connections.ofUser.query({ userId: unknownId(), type }), 'NOT_FOUND');
      expect(blockedViewer.message).toBe(missing.message);
      expect(blockerViewer.message).toBe(missing.message);
    }
    expect(await otherIds(bystander, 'followers', ann.id)).toEqual([bystander.id]);
  });

  it('pages through a long list without duplicates or gaps', async () => {
    const star = await t.user('Star');
    const fans = await Promise.all(Array.from({ length: 7 }, (_, i) => t.user(`Fan ${i}`)));
    for (const fan of fans.slice(0, 3)) await follow(fan, star);
    await Promise.all(fans.slice(3).map((fan) => follow(fan, star)));
    const pages = await walkPages(3, (cursor) => bystander.api.connections.ofUser.query({ userId: star.id, type: 'followers', limit: 3, cursor }));
    expect(pages.map((p) => p.length)).toEqual([3, 3, 1]);
    const walked = pages.flat().map((c) => c.otherUser?.id ?? '');
    expect(new Set(walked).size).toBe(7);
    expect(sorted(walked)).toEqual(sorted(fans.map((f) => f.id)));
    await expectError(bystander.api.connections.ofUser.query({ userId: star.id, type: 'followers', cursor: 'not-a-cursor' }), 'BAD_REQUEST');
  });
});

describe('connections.suggestions', () => {
  let me: TestUser;
  let c1: TestUser;
  let c2: TestUser;
  let c3: TestUser;

  beforeAll(async () => {
    const [m, f1, f2, f3, f4, s1, s2, s3, eFollowed, eAsked, eAsker, eBlocked, eBlocker, eDeclinedMe, eIDeclined, pending, followedByFriend] =
      await users(
        'Me', 'Milo', 'Ada', 'Fern', 'Zed', 'C1', 'C2', 'C3',
        'Followed', 'Asked', 'Asker', 'Blocked', 'Blocker', 'DeclinedMe', 'IDeclined', 'Pending', 'FollowedByFriend',
      );
    me = m;
    c1 = s1;
    c2 = s2;
    c3 = s3;
    await Promise.all([befriend(m, f1), befriend(f2, m), befriend(m, f3), befriend(m, f4)]);
    // C1 has four mutual friends with me, C2 two, C3 one.
    await Promise.all([befriend(s1, f1), befriend(f2, s1), befriend(s1, f3), befriend(s1, f4)]);
    await Promise.all([befriend(s2, f1), befriend(s2, f2)]);
    await befriend(f3, s3);
    // My friends are friends of each other: still not suggested to me.
    await befriend(f1, f2);
    // Friends of friends I already have something with.
    await Promise.all([
      befriend(f1, eFollowed),
      befriend(f1, eAsked),
      befriend(f2, eAsker),
      befriend(f2, eBlocked),
      befriend(f3, eBlocker),
      befriend(f4, eDeclinedMe),
      befriend(f4, eIDeclined),
    ]);
    await follow(m, eFollowed);
    await m.api.connections.create.mutate({ targetUserId: eAsked.id, type: 'friend' });
    await eAsker.api.connections.create.mutate({ targetUserId: m.id, type: 'friend' });
    await block(m, eBlocked);
    await block(eBlocker, m);
    const toDeclinedMe = await m.api.connections.create.mutate({ targetUserId: eDeclinedMe.id, type: 'friend' });
    await eDeclinedMe.api.connections.respond.mutate({ connectionId: toDeclinedMe.id, status: 'rejected' });
    const fromIDeclined = await eIDeclined.api.connections.create.mutate({ targetUserId: m.id, type: 'friend' });
    await m.api.connections.respond.mutate({ connectionId: fromIDeclined.id, status: 'rejected' });
    // Not friendships, so not paths to a suggestion.
    await f1.api.connections.create.mutate({ targetUserId: pending.id, type: 'friend' });
    await follow(f1, followedByFriend);
  });

  it('suggests friends of friends, most mutual friends first, with the first mutual names', async () => {
    const suggestions = await me.api.connections.suggestions.query();
    expect(suggestions).toEqual([
      { user: expect.objectContaining({ id: c1.id, name: 'C1' }), mutualCount: 4, mutualNames: ['Ada', 'Fern', 'Milo'] },
      { user: expect.objectContaining({ id: c2.id, name: 'C2' }), mutualCount: 2, mutualNames: ['Ada', 'Milo'] },
      { user: expect.objectContaining({ id: c3.id, name: 'C3' }), mutualCount: 1, mutualNames: ['Fern'] },
    ]);
  });

  it('honours the limit', async () => {
    const top = await me.api.connections.suggestions.query({ limit: 1 });
    expect(top.map((s) => s.user.id)).toEqual([c1.id]);
  });

  it('drops a suggestion as soon as a connection exists, and brings it back when it ends', async () => {
    const request = await me.api.connections.create.mutate({ targetUserId: c3.id, type: 'friend' });
    expect((await me.api.connections.suggestions.query()).map((s) => s.user.id)).toEqual([c1.id, c2.id]);
    await me.api.connections.remove.mutate({ connectionId: request.id });
    expect((await me.api.connections.suggestions.query()).map((s) => s.user.id)).toEqual([c1.id, c2.id, c3.id]);
  });

  it('suggests nobody to someone with no friends', async () => {
    const loner = await t.user('Loner');
    await follow(loner, c1);
    expect(await loner.api.connections.suggestions.query({ limit: 50 })).toEqual([]);
  });
});
