import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer, type TestUser } from '../harness';
import { createCircle, everyCircle, everyMine, uniqueWord, type Circle } from './helpers';
import { ids } from '../activities/helpers';

let t: TestServer;
let owners: TestUser[];
let viewer: TestUser;
const word = uniqueWord('zq');
const categories = ['Wellness', 'Fitness', 'Creative', 'Social'] as const;
let made: Circle[];

const byName = (a: Circle, b: Circle) => (a.name.toLowerCase() < b.name.toLowerCase() ? -1 : a.name.toLowerCase() > b.name.toLowerCase() ? 1 : a.id < b.id ? -1 : 1);

beforeAll(async () => {
  t = await startTestServer();
  // Four owners, so no one reaches the owned-circles cap; 37 circles, some with the same name.
  owners = await Promise.all([t.user('Owner A'), t.user('Owner B'), t.user('Owner C'), t.user('Owner D')]);
  viewer = await t.user('Viewer');
  made = [];
  for (let i = 0; i < 37; i++) {
    const owner = owners[i % 4];
    if (!owner) throw new Error('an owner expected');
    const name = i % 5 === 0 ? `${word} Same name` : `${word} ${String.fromCharCode(97 + (i % 26))}${i} circle`;
    made.push(await createCircle(owner, { name: i % 3 === 0 ? name.toUpperCase() : name, category: categories[i % 4] }));
  }
}, 60_000);
afterAll(() => t.close());

describe('list', () => {
  it('walks every circle matching a word in name order, page by page, with no duplicate and no gap', async () => {
    for (const limit of [1, 4, 7, 100]) {
      const listed = await everyCircle(viewer, { query: word }, limit);
      expect(ids(listed)).toEqual(ids([...made].sort(byName)));
    }
  });

  it('filters by category, with and without a query, in name order', async () => {
    for (const category of categories) {
      const expected = ids(made.filter((c) => c.category === category).sort(byName));
      expect(ids(await everyCircle(viewer, { category, query: word }, 3))).toEqual(expected);
      // Without a query: the whole category (this server's circles are all this test's).
      expect(ids(await everyCircle(viewer, { category }, 3))).toEqual(expected);
    }
    expect(ids(await everyCircle(viewer, {}, 5))).toEqual(ids([...made].sort(byName)));
  });

  it('searches case-insensitively inside names; short queries, wildcards as text, no match', async () => {
    const one = made[7];
    if (!one) throw new Error('a circle expected');
    const inner = one.name.split(' ')[1] ?? '';
    expect(ids(await everyCircle(viewer, { query: inner.toUpperCase() }))).toEqual([one.id]);
    // Under three characters there is no trigram; still found, by walking the name index.
    const two = await everyCircle(viewer, { query: 'h7' });
    expect(two.every((c) => c.name.toLowerCase().includes('h7'))).toBe(true);
    expect(two.length).toBeGreaterThan(0);
    expect(await everyCircle(viewer, { query: '%' })).toEqual([]);
    expect(await everyCircle(viewer, { query: '_' })).toEqual([]);
    expect(await everyCircle(viewer, { query: 'nobody-calls-a-circle-this' })).toEqual([]);
    // A blank query is no query.
    expect(await everyCircle(viewer, { query: '   ' })).toHaveLength(made.length);
  });

  it('each item carries the counts and the viewer’s own membership', async () => {
    const target = made[2];
    if (!target) throw new Error('a circle expected');
    await viewer.api.community.circles.join.mutate({ circleId: target.id });
    const listed = await everyCircle(viewer, { query: word });
    const seen = listed.find((c) => c.id === target.id);
    expect(seen).toMatchObject({ memberCount: 2, postCount: 0, isMember: true, myRole: 'member', color: '#39ccb7' });
    expect(listed.filter((c) => c.isMember).map((c) => c.id)).toEqual([target.id]);
    const owner = owners[2];
    if (!owner) throw new Error('an owner expected');
    const asOwner = await everyCircle(owner, { query: word });
    expect(asOwner.filter((c) => c.myRole === 'owner').map((c) => c.id).sort()).toEqual(made.filter((_, i) => i % 4 === 2).map((c) => c.id).sort());
    await viewer.api.community.circles.leave.mutate({ circleId: target.id });
  });

  it('hides archived circles from lists until they are restored', async () => {
    const gone = made[5];
    const owner = owners[1];
    if (!gone || !owner) throw new Error('a circle and its owner expected');
    await owner.api.community.circles.archive.mutate({ circleId: gone.id });
    expect(ids(await everyCircle(viewer, { query: word }))).not.toContain(gone.id);
    expect(ids(await everyCircle(viewer, { category: gone.category }))).not.toContain(gone.id);
    // Its owner still finds it among their own when asking for archived ones.
    expect(ids(await everyMine(owner))).not.toContain(gone.id);
    expect(ids(await everyMine(owner, 100, true))).toContain(gone.id);
    await owner.api.community.circles.restore.mutate({ circleId: gone.id });
    expect(ids(await everyCircle(viewer, { query: word }))).toContain(gone.id);
  });
});

describe('mine', () => {
  it('lists the circles I belong to, newest joined first, in pages, without duplicates', async () => {
    const joiner = await t.user('Joiner');
    const order = [made[3], made[9], made[1], made[20], made[33]].flatMap((c) => (c ? [c] : []));
    for (const c of order) await joiner.api.community.circles.join.mutate({ circleId: c.id });
    for (const limit of [1, 2, 100]) expect(ids(await everyMine(joiner, limit))).toEqual(ids([...order].reverse()));
    const mine = await everyMine(joiner);
    expect(mine.every((c) => c.isMember && c.myRole === 'member')).toBe(true);
    expect(await everyMine(await t.user('Nobody'))).toEqual([]);
  });
});
