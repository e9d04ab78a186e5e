import { sql } from '@rapport/db';
import { selectAll } from '@rapport/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DiscoveredPerson } from '../../src/index';
import { startTestServer, type TestServer, type TestUser } from '../harness';
import { expectFieldErrors } from '../expect-error';

// community.discover: people to meet, scored 0–100 from what they share with
// me (domain/compatibility.ts: 12 a shared interest up to 4, 8 a mutual
// friend up to 3, 10 a shared circle up to 2, 8 the same city), each with the
// reasons, never someone I am already connected to.

type Item = DiscoveredPerson;

let t: TestServer;
beforeAll(async () => {
  t = await startTestServer();
});
afterAll(async () => {
  await t.close();
});

async function befriend(a: TestUser, b: TestUser): Promise<void> {
  const request = await a.api.connections.create.mutate({ targetUserId: b.id, type: 'friend' });
  await b.api.connections.respond.mutate({ connectionId: request.id, status: 'accepted' });
}

/** Circles made by SQL (the circles API is tested on its own), each joined by the members given; archived ones are named so. */
async function circleWith(name: string, members: TestUser[], archived = false): Promise<string> {
  const db = t.server.database.db;
  const [made] = await selectAll<{ id: string }>(
    db,
    sql`insert into circles (name, category, color, archived_at) values (${name}, 'Wellness', '#39ccb7', ${archived ? sql`now()` : null}) returning id::text as id`,
  );
  if (made === undefined) throw new Error('no circle');
  for (const m of members) await db.execute(sql`insert into circle_members (circle_id, user_id) values (${made.id}, ${m.id})`);
  return made.id;
}

async function everything(user: TestUser): Promise<Item[]> {
  return (await user.api.community.discover.query({ limit: 100 })).items;
}

const itemOf = (items: Item[], user: TestUser) => items.find((i) => i.user.id === user.id);

describe('community.discover', () => {
  it('scores a constructed pair exactly as the weights say, with the reasons', async () => {
    const [ann, bob, cy] = await Promise.all([t.user('Ann'), t.user('Bob'), t.user('Cy')]);
    await ann.api.users.updateMe.mutate({ interests: ['Yoga', 'Hiking', 'Reading', 'Meditation', 'Art'], city: 'San Francisco' });
    await bob.api.users.updateMe.mutate({ interests: ['reading', 'YOGA', 'Hiking', 'Cooking'], city: ' san  francisco ', identityBadge: 'Explorer' });
    await befriend(ann, cy);
    await befriend(bob, cy);
    await circleWith('Mindful Mornings', [ann, bob]);
    await circleWith('Trail Club', [ann, bob]);
    await circleWith('Old Circle', [ann, bob], true);

    const bobSeen = itemOf(await everything(ann), bob);
    // 3 interests (36) + 1 mutual friend (8) + 2 circles (20) + same city (8).
    expect(bobSeen).toEqual({
      user: expect.objectContaining({ id: bob.id, name: 'Bob', identityBadge: 'Explorer', city: 'san francisco', interests: ['Reading', 'Yoga', 'Hiking', 'Cooking'] }),
      score: 72,
      commonInterests: ['Reading', 'Yoga', 'Hiking'],
      commonCircles: [
        { id: expect.any(String), name: 'Mindful Mornings' },
        { id: expect.any(String), name: 'Trail Club' },
      ],
      circleCount: 2,
      mutualFriends: 1,
      sameCity: true,
    });
    expect(bobSeen?.user).not.toHaveProperty('age');
    // It goes both ways.
    expect(itemOf(await everything(bob), ann)).toMatchObject({ score: 72, commonInterests: ['Yoga', 'Hiking', 'Reading'], mutualFriends: 1, sameCity: true });
  });

  it('caps each kind of reason, and the score at 100', async () => {
    const [ann, dee, ...friends] = await Promise.all(['Ann', 'Dee', 'F1', 'F2', 'F3', 'F4'].map((n) => t.user(n)));
    if (ann === undefined || dee === undefined) throw new Error('users');
    const interests = ['Pilates', 'Painting', 'Journaling', 'Sleep', 'Pets'];
    await ann.api.users.updateMe.mutate({ interests, city: 'Lyon' });
    await dee.api.users.updateMe.mutate({ interests, city: 'LYON' });
    for (const f of friends) {
      await befriend(ann, f);
      await befriend(dee, f);
    }
    for (const name of ['Capped A', 'Capped B', 'Capped C', 'Capped D']) await circleWith(name, [ann, dee]);
    expect(itemOf(await everything(ann), dee)).toMatchObject({
      score: 100,
      commonInterests: interests,
      circleCount: 4,
      commonCircles: [{ name: 'Capped A' }, { name: 'Capped B' }, { name: 'Capped C' }],
      mutualFriends: 4,
      sameCity: true,
    });
    // One interest and nothing else: 12.
    const [eli, fay] = await Promise.all([t.user('Eli'), t.user('Fay')]);
    await eli.api.users.updateMe.mutate({ interests: ['Crafts'] });
    await fay.api.users.updateMe.mutate({ interests: ['Crafts', 'Pets'] });
    expect(itemOf(await everything(eli), fay)).toMatchObject({ score: 12, commonInterests: ['Crafts'], commonCircles: [], circleCount: 0, mutualFriends: 0, sameCity: false });
    // Only the same city: 8.
    const [gil, hal] = await Promise.all([t.user('Gil'), t.user('Hal')]);
    await gil.api.users.updateMe.mutate({ city: 'Reykjavík' });
    await hal.api.users.updateMe.mutate({ city: 'reykjavík' });
    expect(itemOf(await everything(gil), hal)).toMatchObject({ score: 8, commonInterests: [], sameCity: true });
  });

  it('leaves out myself, friends, pending requests either way, declined pairs either way and blocks either way; a follow is no bar', async () => {
    const names = ['Me', 'Friend', 'AskedByMe', 'AskedMe', 'DeclinedMine', 'IDeclined', 'IBlocked', 'BlockedMe', 'Followed', 'Stranger'];
    const [me, friend, askedByMe, askedMe, declinedMine, iDeclined, iBlocked, blockedMe, followed, stranger] = await Promise.all(names.map((n) => t.user(n)));
    if (!me || !friend || !askedByMe || !askedMe || !declinedMine || !iDeclined || !iBlocked || !blockedMe || !followed || !stranger) throw new Error('users');
    const everyone = [me, friend, askedByMe, askedMe, declinedMine, iDeclined, iBlocked, blockedMe, followed, stranger];
    await Promise.all(everyone.map((u) => u.api.users.updateMe.mutate({ interests: ['Volunteering'], city: 'Tallinn' })));
    await befriend(me, friend);
    await me.api.connections.create.mutate({ targetUserId: askedByMe.id, type: 'friend' });
    await askedMe.api.connections.create.mutate({ targetUserId: me.id, type: 'friend' });
    const mine = await me.api.connections.create.mutate({ targetUserId: declinedMine.id, type: 'friend' });
    await declinedMine.api.connections.respond.mutate({ connectionId: mine.id, status: 'rejected' });
    const theirs = await iDeclined.api.connections.create.mutate({ targetUserId: me.id, type: 'friend' });
    await me.api.connections.respond.mutate({ connectionId: theirs.id, status: 'rejected' });
    await me.api.connections.create.mutate({ targetUserId: iBlocked.id, type: 'block' });
    await blockedMe.api.connections.create.mutate({ targetUserId: me.id, type: 'block' });
    await me.api.connections.create.mutate({ targetUserId: followed.id, type: 'follow' });

    const shown = new Set((await everything(me)).map((i) => i.user.id));
    expect(shown.has(stranger.id)).toBe(true);
    expect(shown.has(followed.id)).toBe(true);
    for (const hidden of [me, friend, askedByMe, askedMe, declinedMine, iDeclined, iBlocked, blockedMe]) {
      expect(shown.has(hidden.id), hidden.name).toBe(false);
    }
    // The blocked never see me either.
    for (const blocker of [iBlocked, blockedMe]) {
      expect((await everything(blocker)).map((i) => i.user.id)).not.toContain(me.id);
    }
    // Removing the friendship makes the friend a candidate again.
    const [friendship] = (await me.api.connections.list.query({ type: 'friend', status: 'accepted' })).items;
    if (friendship === undefined) throw new Error('no friendship');
    await me.api.connections.remove.mutate({ connectionId: friendship.id });
    expect((await everything(me)).map((i) => i.user.id)).toContain(friend.id);
  });

  it('pages in a stable order, score first, without repeats or gaps', async () => {
    const me = await t.user('Pager');
    await me.api.users.updateMe.mutate({ interests: ['Languages', 'Career', 'Public Speaking', 'Nature'], city: 'Oslo' });
    const labels = ['Languages', 'Career', 'Public Speaking', 'Nature'];
    const others = await Promise.all(Array.from({ length: 23 }, (_, i) => t.user(`Paged ${i}`)));
    await Promise.all(
      others.map((u, i) => u.api.users.updateMe.mutate({ interests: labels.slice(0, 1 + (i % 4)), city: i % 3 === 0 ? 'Oslo' : 'Bergen' })),
    );
    const whole = await everything(me);
    const scores = whole.map((i) => i.score);
    expect(scores).toEqual([...scores].sort((a, b) => b - a));
    for (let i = 1; i < whole.length; i++) {
      const [a, b] = [whole[i - 1], whole[i]];
      if (a && b && a.score === b.score) expect(a.user.id < b.user.id).toBe(true);
    }
    const paged: Item[] = [];
    let cursor: string | undefined;
    for (let pages = 0; pages < 100; pages++) {
      const page = await me.api.community.discover.query({ limit: 4, ...(cursor ? { cursor } : {}) });
      paged.push(...page.items);
      if (page.nextCursor === null) break;
      cursor = page.nextCursor;
    }
    expect(paged.map((i) => i.user.id)).toEqual(whole.map((i) => i.user.id));
    expect(new Set(paged.map((i) => i.user.id)).size).toBe(paged.length);
    for (const u of others) expect(paged.map((i) => i.user.id)).toContain(u.id);
  });

  it('someone with nothing in common with anyone is shown nobody', async () => {
    const loner = await t.user('Loner');
    expect(await loner.api.community.discover.query({})).toEqual({ items: [], nextCursor: null });
  });

  it('refuses a bad page with field errors', async () => {
    const me = await t.user('Me');
    const discover = (input: unknown) => me.api.community.discover.query(input as { limit?: number });
    await expectFieldErrors(discover({ limit: 0 }), ['limit']);
    await expectFieldErrors(discover({ limit: 101 }), ['limit']);
    await expectFieldErrors(discover({ cursor: 'garbage' }), ['cursor']);
    await expectFieldErrors(discover({ cursor: Buffer.from(JSON.stringify(['101', crypto.randomUUID()])).toString('base64url') }), ['cursor']);
  });
});
