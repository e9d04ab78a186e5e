import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer, type TestUser } from '../harness';
import { expectFieldErrors, rejectionOf } from '../expect-error';

// The seed's profile fields (identity badge, age, city, interests from a
// known set) and the time zone the streak is counted in, through updateMe,
// auth.me and users.get.

let t: TestServer;
beforeAll(async () => {
  t = await startTestServer();
});
afterAll(async () => {
  await t.close();
});

/** Sends what the types forbid, as a client written in another language could. */
const untyped = <T>(value: unknown): T => value as T;
type UpdateInput = Parameters<TestUser['api']['users']['updateMe']['mutate']>[0];

describe('profile fields', () => {
  it('a new profile has none of them, and the time zone UTC', async () => {
    const ann = await t.user('Ann');
    expect((await ann.api.auth.me.query()).user).toMatchObject({ identityBadge: null, age: null, timeZone: 'UTC', city: null, interests: [] });
  });

  it('takes a badge, an age, a city, interests and a time zone; the public profile shows all but the age and zone', async () => {
    const ann = await t.user('Ann');
    const bob = await t.user('Bob');
    const mine = await ann.api.users.updateMe.mutate({
      identityBadge: 'Calm Presence',
      age: 28,
      city: '  San   Francisco ',
      interests: ['yoga', ' HIKING ', 'Reading', 'reading', 'board  games'],
      timeZone: 'America/Los_Angeles',
    });
    expect(mine).toMatchObject({
      identityBadge: 'Calm Presence',
      age: 28,
      city: 'San Francisco',
      interests: ['Yoga', 'Hiking', 'Reading', 'Board Games'],
      timeZone: 'America/Los_Angeles',
    });
    expect((await ann.api.auth.me.query()).user).toMatchObject({ identityBadge: 'Calm Presence', age: 28, timeZone: 'America/Los_Angeles' });
    const seen = await bob.api.users.get.query({ userId: ann.id });
    expect(seen).toMatchObject({ identityBadge: 'Calm Presence', city: 'San Francisco', interests: ['Yoga', 'Hiking', 'Reading', 'Board Games'] });
    expect(seen).not.toHaveProperty('age');
    expect(seen).not.toHaveProperty('timeZone');
    const found = await bob.api.users.search.query({ query: 'Ann' });
    expect(found.items.find((u) => u.id === ann.id)).toMatchObject({ identityBadge: 'Calm Presence' });
  });

  it('clears the badge and the age with null; the adult minimum is 18', async () => {
    const ann = await t.user('Ann');
    await ann.api.users.updateMe.mutate({ identityBadge: 'Leader', age: 18 });
    expect(await ann.api.users.updateMe.mutate({ identityBadge: null, age: null })).toMatchObject({ identityBadge: null, age: null });
    expect(await ann.api.users.updateMe.mutate({ age: 120 })).toMatchObject({ age: 120 });
  });

  it('refuses bad values with field errors naming each, never a 500, and changes nothing', async () => {
    const ann = await t.user('Ann');
    await ann.api.users.updateMe.mutate({ identityBadge: 'Builder', age: 30, interests: ['Yoga'], timeZone: 'Europe/Lisbon' });
    const update = (input: unknown) => ann.api.users.updateMe.mutate(untyped<UpdateInput>(input));
    const cases: [unknown, string[]][] = [
      [{ identityBadge: 'Wizard' }, ['identityBadge']],
      [{ identityBadge: 'connector' }, ['identityBadge']],
      [{ identityBadge: 3 }, ['identityBadge']],
      [{ age: 17 }, ['age']],
      [{ age: 121 }, ['age']],
      [{ age: 30.5 }, ['age']],
      [{ age: '30' }, ['age']],
      [{ interests: ['Yoga', 'Knitting'] }, ['interests.1']],
      [{ interests: ['Hiking', 3] }, ['interests.1']],
      [{ timeZone: 'Mars/Olympus_Mons' }, ['timeZone']],
      [{ timeZone: 'utc+2' }, ['timeZone']],
      [{ timeZone: null }, ['timeZone']],
      [{ timeZone: 'z'.repeat(65) }, ['timeZone']],
      [{ identityBadge: 'Wizard', age: 17, interests: ['Knitting'], timeZone: 'Nowhere' }, ['identityBadge', 'age', 'interests.0', 'timeZone']],
    ];
    for (const [input, fields] of cases) await expectFieldErrors(update(input), fields);
    const unknown = await rejectionOf(update({ interests: ['Yoga', '  Knitting '] }));
    expect(unknown.data?.fieldErrors?.['interests.1']?.join(' ')).toContain('"Knitting"');
    expect((await ann.api.auth.me.query()).user).toMatchObject({ identityBadge: 'Builder', age: 30, interests: ['Yoga'], timeZone: 'Europe/Lisbon' });
  });

  it('users.interests lists the known set by category, every label accepted as it is', async () => {
    const ann = await t.user('Ann');
    const catalogue = await ann.api.users.interests.query();
    expect(catalogue.map((c) => c.category)).toEqual(['Wellness', 'Fitness', 'Creative', 'Social', 'Growth', 'Connection']);
    const labels = catalogue.flatMap((c) => c.interests);
    expect(labels).toEqual(expect.arrayContaining(['Yoga', 'Hiking', 'Reading', 'Meditation', 'Wellness', 'Art']));
    expect(new Set(labels).size).toBe(labels.length);
    const lower = labels.map((l) => l.toLowerCase());
    expect(new Set(lower).size).toBe(lower.length);
    for (let i = 0; i < labels.length; i += 20) {
      const some = labels.slice(i, i + 20);
      expect((await ann.api.users.updateMe.mutate({ interests: some.map((l) => l.toUpperCase()) })).interests).toEqual(some);
    }
  });
});
