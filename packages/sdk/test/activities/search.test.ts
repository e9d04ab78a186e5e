import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer, type TestUser } from '../harness';
import { DAY, everySearched, fromNow, greatCircleKm, HOUR, hostActivity, ids, northOf, uniqueTag, type ActivityView } from './helpers';

let t: TestServer;
let host: TestUser;
let searcher: TestUser;
beforeAll(async () => {
  t = await startTestServer();
  [host, searcher] = await Promise.all([t.user('Host'), t.user('Searcher')]);
});
afterAll(() => t.close());

const startOrder = (list: ActivityView[]) => list.map((a) => Date.parse(a.startsAt));
const ascending = (values: number[]) => [...values].sort((a, b) => a - b);

describe('search without a point', () => {
  it('finds public scheduled activities only, soonest first, with no distance', async () => {
    const tag = uniqueTag();
    const third = await hostActivity(host, { tags: [tag], startsAt: fromNow(3 * DAY) });
    const first = await hostActivity(host, { tags: [tag], startsAt: fromNow(DAY) });
    const second = await hostActivity(host, { tags: [tag], startsAt: fromNow(2 * DAY), place: { latitude: 1, longitude: 1 } });
    await hostActivity(host, { tags: [tag], visibility: 'invite_only' });
    const cancelled = await hostActivity(host, { tags: [tag] });
    await host.api.invitations.activities.cancel.mutate({ activityId: cancelled.id, reason: 'Off.' });
    const madePrivate = await hostActivity(host, { tags: [tag] });
    await host.api.invitations.activities.update.mutate({ activityId: madePrivate.id, visibility: 'invite_only' });

    const found = await everySearched(searcher, { tags: [tag] });
    expect(ids(found)).toEqual([first.id, second.id, third.id]);
    for (const a of found) expect(a).toMatchObject({ distanceKm: null, myStatus: 'none', visibility: 'public', status: 'scheduled' });
  });

  it('shows my own status in each result', async () => {
    const tag = uniqueTag();
    const seatedIn = await hostActivity(host, { tags: [tag], startsAt: fromNow(DAY), capacity: 2 });
    const waitingFor = await hostActivity(host, { tags: [tag], startsAt: fromNow(2 * DAY), capacity: 2 });
    const mine = await hostActivity(searcher, { tags: [tag], startsAt: fromNow(3 * DAY) });
    await searcher.api.invitations.activities.join.mutate({ activityId: seatedIn.id });
    await (await t.user()).api.invitations.activities.join.mutate({ activityId: waitingFor.id });
    await searcher.api.invitations.activities.join.mutate({ activityId: waitingFor.id });
    const found = await everySearched(searcher, { tags: [tag] });
    expect(found.map((a) => [a.id, a.myStatus, a.myWaitlistPosition])).toEqual([
      [seatedIn.id, 'participant', null],
      [waitingFor.id, 'waitlisted', 1],
      [mine.id, 'host', null],
    ]);
  });

  it('query matches words of the title, case-insensitive, as a substring; not the description', async () => {
    const token = `kestrel${randomUUID().slice(0, 6)}`;
    const morning = await hostActivity(host, { title: `Morning ${token} run`, startsAt: fromNow(DAY) });
    const evening = await hostActivity(host, { title: `EVENING ${token.toUpperCase()} WALK`, startsAt: fromNow(2 * DAY) });
    await hostActivity(host, { title: 'Plain title', description: `Mentions ${token} only here.` });
    expect(ids(await everySearched(searcher, { query: token }))).toEqual([morning.id, evening.id]);
    expect(ids(await everySearched(searcher, { query: token.toUpperCase() }))).toEqual([morning.id, evening.id]);
    expect(ids(await everySearched(searcher, { query: token.slice(3) }))).toEqual([morning.id, evening.id]);
    expect(ids(await everySearched(searcher, { query: `morning ${token}` }))).toEqual([morning.id]);
    expect(ids(await everySearched(searcher, { query: `  ${token} walk  ` }))).toEqual([evening.id]);
    expect(await everySearched(searcher, { query: `${token}zzz` })).toEqual([]);
  });

  it('query takes %, _ and \\ as themselves, not as wildcards or escapes', async () => {
    const tag = uniqueTag();
    const percent = await hostActivity(host, { tags: [tag], title: 'Run at 100% effort', startsAt: fromNow(DAY) });
    await hostActivity(host, { tags: [tag], title: 'Run at 1000 effort', startsAt: fromNow(2 * DAY) });
    const underscore = await hostActivity(host, { tags: [tag], title: 'snake_case meetup', startsAt: fromNow(3 * DAY) });
    await hostActivity(host, { tags: [tag], title: 'snakeXcase meetup', startsAt: fromNow(4 * DAY) });
    expect(ids(await everySearched(searcher, { tags: [tag], query: '100%' }))).toEqual([percent.id]);
    expect(ids(await everySearched(searcher, { tags: [tag], query: '%' }))).toEqual([percent.id]);
    expect(ids(await everySearched(searcher, { tags: [tag], query: 'snake_case' }))).toEqual([underscore.id]);
    const backslash = await hostActivity(host, { tags: [tag], title: 'back\\slash club', startsAt: fromNow(5 * DAY) });
    expect(ids(await everySearched(searcher, { tags: [tag], query: '\\' }))).toEqual([backslash.id]);
    expect(ids(await everySearched(searcher, { tags: [tag], query: "'; drop table activities; --" }))).toEqual([]);
  });

  it('tags must all be present, and are normalised as on create', async () => {
    const [a, b] = [uniqueTag('a'), uniqueTag('b')];
    const both = await hostActivity(host, { tags: [a, b, 'extra'], startsAt: fromNow(DAY) });
    const onlyA = await hostActivity(host, { tags: [a], startsAt: fromNow(2 * DAY) });
    const onlyB = await hostActivity(host, { tags: [b], startsAt: fromNow(3 * DAY) });
    expect(ids(await everySearched(searcher, { tags: [a, b] }))).toEqual([both.id]);
    expect(ids(await everySearched(searcher, { tags: [a] }))).toEqual([both.id, onlyA.id]);
    expect(ids(await everySearched(searcher, { tags: [b] }))).toEqual([both.id, onlyB.id]);
    expect(ids(await everySearched(searcher, { tags: [`#${a.toUpperCase()}`] }))).toEqual([both.id, onlyA.id]);
    expect(await everySearched(searcher, { tags: [a, b, uniqueTag('none')] })).toEqual([]);
  });

  it('a tag that reads as a keyword of array syntax, such as null, is a tag like any other', async () => {
    const tag = uniqueTag();
    const tagged = await hostActivity(host, { tags: [tag, 'null'], startsAt: fromNow(DAY) });
    expect(tagged.tags).toEqual([tag, 'null']);
    expect(ids(await everySearched(searcher, { tags: [tag, 'null'] }))).toEqual([tagged.id]);
    expect(ids(await everySearched(searcher, { tags: [tag, 'NULL'] }))).toEqual([tagged.id]);
  });

  it('query is case-insensitive beyond ASCII', async () => {
    const token = `umlaut${randomUUID().slice(0, 6)}`;
    const tour = await hostActivity(host, { title: `ÜBER École ${token}` });
    expect(ids(await everySearched(searcher, { query: `über école ${token}` }))).toEqual([tour.id]);
  });

  it('from and to bound the start', async () => {
    const tag = uniqueTag();
    const day1 = await hostActivity(host, { tags: [tag], startsAt: fromNow(DAY) });
    const day3 = await hostActivity(host, { tags: [tag], startsAt: fromNow(3 * DAY) });
    const day5 = await hostActivity(host, { tags: [tag], startsAt: fromNow(5 * DAY) });
    expect(ids(await everySearched(searcher, { tags: [tag], from: fromNow(2 * DAY) }))).toEqual([day3.id, day5.id]);
    expect(ids(await everySearched(searcher, { tags: [tag], to: fromNow(4 * DAY) }))).toEqual([day1.id, day3.id]);
    expect(ids(await everySearched(searcher, { tags: [tag], from: fromNow(2 * DAY), to: fromNow(4 * DAY) }))).toEqual([day3.id]);
    expect(await everySearched(searcher, { tags: [tag], from: fromNow(6 * DAY) })).toEqual([]);
    // A window that began in the past still shows only what has not started.
    expect(ids(await everySearched(searcher, { tags: [tag], from: fromNow(-30 * DAY), to: fromNow(2 * DAY) }))).toEqual([day1.id]);
  });

  it('pages in start order with a keyset cursor: ties on the start neither repeat nor vanish across pages', async () => {
    const tag = uniqueTag();
    const sameStart = fromNow(2 * DAY);
    const made: ActivityView[] = [];
    for (let i = 0; i < 9; i++) made.push(await hostActivity(host, { tags: [tag], startsAt: i % 3 === 0 ? sameStart : fromNow((i + 1) * HOUR * 7) }));
    const whole = await everySearched(searcher, { tags: [tag] });
    expect(new Set(ids(whole))).toEqual(new Set(ids(made)));
    expect(startOrder(whole)).toEqual(ascending(startOrder(whole)));
    for (const limit of [1, 2, 4]) expect(ids(await everySearched(searcher, { tags: [tag] }, limit))).toEqual(ids(whole));
  });

  it('a page stays right when an activity before the cursor is cancelled between pages', async () => {
    const tag = uniqueTag();
    const made: ActivityView[] = [];
    for (let i = 0; i < 5; i++) made.push(await hostActivity(host, { tags: [tag], startsAt: fromNow((i + 1) * DAY) }));
    const page1 = await searcher.api.invitations.activities.search.query({ tags: [tag], limit: 2 });
    expect(ids(page1.items)).toEqual(ids(made.slice(0, 2)));
    await host.api.invitations.activities.cancel.mutate({ activityId: made[0]?.id ?? '', reason: 'Off.' });
    const page2 = await searcher.api.invitations.activities.search.query({ tags: [tag], limit: 2, cursor: page1.nextCursor ?? undefined });
    expect(ids(page2.items)).toEqual(ids(made.slice(2, 4)));
  });
});

describe('search around a point', () => {
  const origin = { latitude: -41.29, longitude: 174.78 };

  it('keeps activities with a place within the radius (25 km by default), nearest first, distance rounded to 0.1 km', async () => {
    const tag = uniqueTag();
    const at = (km: number, startInDays: number) =>
      hostActivity(host, { tags: [tag], place: northOf(origin, km), startsAt: fromNow(startInDays * DAY), title: `${km} km away` });
    // Start order is the reverse of distance order, so the sort must be by distance.
    const far = await at(24, 1);
    const mid = await at(10, 2);
    const near = await at(3.04, 3);
    const nearest = await at(0.5, 4);
    const outside = await at(30, 5);
    await hostActivity(host, { tags: [tag], place: null, title: 'Nowhere in particular' });

    const found = await everySearched(searcher, { tags: [tag], ...origin });
    expect(ids(found)).toEqual([nearest.id, near.id, mid.id, far.id]);
    for (const a of found) {
      const distance = a.distanceKm ?? Number.NaN;
      expect(Math.abs(distance * 10 - Math.round(distance * 10))).toBeLessThan(1e-9);
      expect(Math.abs(distance - greatCircleKm(origin, a.place ?? origin))).toBeLessThanOrEqual(0.1);
    }
    expect(found.map((a) => a.distanceKm)).toEqual([0.5, 3, 10, 24]);

    expect(ids(await everySearched(searcher, { tags: [tag], ...origin, radiusKm: 35 }))).toEqual([nearest.id, near.id, mid.id, far.id, outside.id]);
    expect(ids(await everySearched(searcher, { tags: [tag], ...origin, radiusKm: 5 }))).toEqual([nearest.id, near.id]);
    expect(ids(await everySearched(searcher, { tags: [tag], ...origin, radiusKm: 0.1 }))).toEqual([]);
    expect(ids(await everySearched(searcher, { tags: [tag], ...origin, radiusKm: 200 }))).toHaveLength(5);
    // Without the point, every one of them (placed or not), soonest first, no distance.
    const everywhere = await everySearched(searcher, { tags: [tag] });
    expect(everywhere).toHaveLength(6);
    for (const a of everywhere) expect(a.distanceKm).toBeNull();
  });

  it('measures across the antimeridian and near a pole', async () => {
    const tag = uniqueTag();
    const west = await hostActivity(host, { tags: [tag], place: { latitude: 0, longitude: 179.95 } });
    const east = await hostActivity(host, { tags: [tag], place: { latitude: 0, longitude: -179.95 } });
    const found = await everySearched(searcher, { tags: [tag], latitude: 0, longitude: 180, radiusKm: 10 });
    expect(new Set(ids(found))).toEqual(new Set([west.id, east.id]));
    for (const a of found) expect(a.distanceKm).toBeCloseTo(5.6, 0);
    const polar = await hostActivity(host, { tags: [tag], place: { latitude: 89.99, longitude: 0 } });
    const nearPole = await everySearched(searcher, { tags: [tag], latitude: 89.99, longitude: 180, radiusKm: 5 });
    expect(ids(nearPole)).toEqual([polar.id]);
  });

  it('pages by distance with a keyset cursor: activities at the same distance neither repeat nor vanish', async () => {
    const tag = uniqueTag();
    const point = { latitude: 64.14, longitude: -21.94 };
    const made: ActivityView[] = [];
    // Three at each of three distances, some at the very same place.
    for (const km of [1, 1, 1, 5, 5, 5, 12, 12, 12]) {
      made.push(await hostActivity(host, { tags: [tag], place: northOf(point, km), startsAt: fromNow((made.length + 1) * HOUR) }));
    }
    const whole = await everySearched(searcher, { tags: [tag], ...point });
    expect(new Set(ids(whole))).toEqual(new Set(ids(made)));
    const distances = whole.map((a) => a.distanceKm ?? Number.NaN);
    expect(distances).toEqual(ascending(distances));
    for (const limit of [1, 2, 4]) expect(ids(await everySearched(searcher, { tags: [tag], ...point }, limit))).toEqual(ids(whole));
  });

  it('combines the point with a query, tags and a time window', async () => {
    const tag = uniqueTag();
    const point = { latitude: 35.68, longitude: 139.69 };
    const match = await hostActivity(host, { tags: [tag, 'running'], title: 'River run', place: northOf(point, 2), startsAt: fromNow(DAY) });
    await hostActivity(host, { tags: [tag, 'running'], title: 'River run', place: northOf(point, 2), startsAt: fromNow(10 * DAY) });
    await hostActivity(host, { tags: [tag], title: 'River run', place: northOf(point, 2), startsAt: fromNow(DAY) });
    await hostActivity(host, { tags: [tag, 'running'], title: 'Hill walk', place: northOf(point, 2), startsAt: fromNow(DAY) });
    await hostActivity(host, { tags: [tag, 'running'], title: 'River run', place: northOf(point, 60), startsAt: fromNow(DAY) });
    const found = await everySearched(searcher, { ...point, tags: [tag, 'running'], query: 'river', to: fromNow(5 * DAY) });
    expect(ids(found)).toEqual([match.id]);
    expect(found[0]?.distanceKm).toBe(2);
  });
});
