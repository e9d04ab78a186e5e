import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RouterInputs, RouterOutputs } from '../../src/index';
import { startTestServer, type TestServer, type TestUser } from '../harness';
import { expectError, expectFieldErrors, settleAll } from '../expect-error';
import { ids, unchecked, unknownId, walkPages } from '../connections/helpers';
import { makeTutor } from './setup';

type In = RouterInputs['sessionRequests']['packages'];
type PackageView = RouterOutputs['sessionRequests']['packages']['get'];

// LIMITS.activePackagesPerTutor on the server.
const CAP = 50;
const FULL = `You already offer ${CAP} packages; archive one before adding another.`;

let t: TestServer;
beforeAll(async () => {
  t = await startTestServer();
});
afterAll(() => t.close());

const weekly = (overrides: Partial<In['create']> = {}): In['create'] => ({
  name: 'Weekly algebra',
  description: 'Ten sessions on equations and graphs.',
  sessionCount: 10,
  minutesPerSession: 60,
  price: 149.99,
  scheduleType: 'recurring',
  ...overrides,
});

/** `count` packages named "<prefix> 1".."<prefix> count", created one after another. */
async function offer(tutor: TestUser, count: number, prefix = 'Package'): Promise<PackageView[]> {
  const made: PackageView[] = [];
  for (let i = 1; i <= count; i++) made.push(await tutor.api.sessionRequests.packages.create.mutate(weekly({ name: `${prefix} ${i}` })));
  return made;
}

/**
 * The listing order, newest first with the id breaking ties: packages made in
 * the same millisecond are ordered by id, not by which was made first.
 */
/** Cases for it.each with a title short enough to read: long values show only their start. */
const titled = (cases: [string, Record<string, unknown>][]) =>
  cases.map(([field, bad]): [string, string, Record<string, unknown>] => [field, JSON.stringify(bad).slice(0, 40), bad]);

const newestFirst = (list: PackageView[]) => [...list].sort((a, b) => descending(a.createdAt, b.createdAt) || descending(a.id, b.id));
// Code-unit order, as PostgreSQL compares uuids (their hex digits) and ISO times.
const descending = (a: string, b: string) => (a < b ? 1 : a > b ? -1 : 0);

async function allMine(tutor: TestUser, includeArchived = false): Promise<PackageView[]> {
  const pages = await walkPages(100, (cursor) => tutor.api.sessionRequests.packages.mine.query({ includeArchived, cursor, limit: 100 }));
  return pages.flat();
}

describe('creating a package', () => {
  it('stores every field exactly as sent and shows it to the tutor and to others', async () => {
    const tutor = await makeTutor(t, 'Tess');
    const other = await t.user('Sam');
    const created = await tutor.api.sessionRequests.packages.create.mutate(weekly({ currency: 'USD' }));
    expect(created).toEqual({
      id: expect.any(String),
      tutorId: tutor.id,
      name: 'Weekly algebra',
      description: 'Ten sessions on equations and graphs.',
      sessionCount: 10,
      minutesPerSession: 60,
      price: 149.99,
      currency: 'USD',
      scheduleType: 'recurring',
      archivedAt: null,
      createdAt: expect.any(String),
      updatedAt: created.createdAt,
    });
    expect(await tutor.api.sessionRequests.packages.get.query({ packageId: created.id })).toEqual(created);
    expect(await other.api.sessionRequests.packages.get.query({ packageId: created.id })).toEqual(created);
    expect((await tutor.api.sessionRequests.packages.mine.query({})).items).toEqual([created]);
    expect((await other.api.sessionRequests.packages.ofTutor.query({ tutorId: tutor.id })).items).toEqual([created]);
  });

  it("takes the currency of the tutor's profile when none is given, and trims text", async () => {
    const tutor = await makeTutor(t, 'Abebe', { currency: 'ETB', hourlyRate: 500 });
    const created = await tutor.api.sessionRequests.packages.create.mutate({
      name: '  One-off exam prep  ',
      sessionCount: 1,
      minutesPerSession: 15,
      price: 0,
      scheduleType: 'one_time',
    });
    expect(created).toMatchObject({ name: 'One-off exam prep', description: '', currency: 'ETB', price: 0, minutesPerSession: 15 });
  });

  it('keeps prices at the edges exactly: 1000000 and 0.01', async () => {
    const tutor = await makeTutor(t);
    const high = await tutor.api.sessionRequests.packages.create.mutate(weekly({ price: 1_000_000, sessionCount: 500, minutesPerSession: 600 }));
    const low = await tutor.api.sessionRequests.packages.create.mutate(weekly({ price: 0.01 }));
    expect([high.price, high.sessionCount, high.minutesPerSession, low.price]).toEqual([1_000_000, 500, 600, 0.01]);
    expect((await tutor.api.sessionRequests.packages.get.query({ packageId: low.id })).price).toBe(0.01);
  });

  it('is refused to a user without a tutor profile, saying how to get one', async () => {
    const plain = await t.user('Pat');
    const error = await expectError(plain.api.sessionRequests.packages.create.mutate(weekly()), 'FORBIDDEN');
    expect(error.message).toContain('sessionRequests.profiles.setTutor');
    expect(await allMine(plain, true)).toEqual([]);
  });
});

describe('package input', () => {
  let tutor: TestUser;
  let existing: PackageView;
  beforeAll(async () => {
    tutor = await makeTutor(t, 'Vera');
    existing = await tutor.api.sessionRequests.packages.create.mutate(weekly());
  });
  const create = (input: unknown) => tutor.api.sessionRequests.packages.create.mutate(unchecked<In['create']>(input));
  const update = (input: unknown) => tutor.api.sessionRequests.packages.update.mutate(unchecked<In['update']>(input));

  it.each(
    titled([
      ['price', { price: 149.999 }],
      ['price', { price: -1 }],
      ['price', { price: 1_000_000.01 }],
      ['price', { price: '149.99' }],
      ['sessionCount', { sessionCount: 0 }],
      ['sessionCount', { sessionCount: 501 }],
      ['sessionCount', { sessionCount: 1.5 }],
      ['minutesPerSession', { minutesPerSession: 10 }],
      ['minutesPerSession', { minutesPerSession: 601 }],
      ['currency', { currency: 'eur' }],
      ['currency', { currency: 'XYZ' }],
      ['currency', { currency: 'EURO' }],
      ['name', { name: '   ' }],
      ['name', { name: 'x'.repeat(101) }],
      ['name', { name: 'Tab\tseparated' }],
      ['description', { description: 'x'.repeat(2001) }],
      ['scheduleType', { scheduleType: 'weekly' }],
      ['clientKey', { clientKey: 'short' }],
      ['clientKey', { clientKey: 'has spaces in it' }],
    ]),
  )('create refuses a bad %s: %s', async (field, _title, bad) => {
    const error = await expectFieldErrors(create({ ...weekly(), ...bad }), [field]);
    expect(error.message).toMatch(new RegExp(`^Invalid input\\. ${field}: `));
  });

  it('create refuses missing fields and unknown keys, such as a tutorId', async () => {
    await expectFieldErrors(create({ sessionCount: 1, minutesPerSession: 60, scheduleType: 'one_time' }), ['name', 'price']);
    const error = await expectFieldErrors(create({ ...weekly(), tutorId: unknownId() }), ['_']);
    expect(error.message).toContain('tutorId');
  });

  it.each([
    ['price', { price: 12.345 }],
    ['price', { price: -0.01 }],
    ['sessionCount', { sessionCount: 0 }],
    ['minutesPerSession', { minutesPerSession: 10 }],
    ['currency', { currency: 'eur' }],
    ['name', { name: '' }],
  ])('update refuses a bad %s: %j', async (field, bad) => {
    await expectFieldErrors(update({ packageId: existing.id, ...bad }), [field]);
  });

  it('update refuses an empty change, an unknown key and a bad id', async () => {
    const empty = await expectFieldErrors(update({ packageId: existing.id }), ['_']);
    expect(empty.message).toContain('Name at least one field to change.');
    await expectFieldErrors(update({ packageId: existing.id, name: 'New', tutorId: unknownId() }), ['_']);
    await expectFieldErrors(update({ packageId: 'not-a-uuid', name: 'New' }), ['packageId']);
    expect(await tutor.api.sessionRequests.packages.get.query({ packageId: existing.id })).toEqual(existing);
  });

  it('lists refuse a bad page request', async () => {
    await expectFieldErrors(tutor.api.sessionRequests.packages.mine.query({ limit: 101 }), ['limit']);
    await expectFieldErrors(tutor.api.sessionRequests.packages.mine.query({ cursor: 'garbage' }), ['cursor']);
    await expectFieldErrors(tutor.api.sessionRequests.packages.ofTutor.query(unchecked<In['ofTutor']>({ tutorId: 'x' })), ['tutorId']);
    await expectFieldErrors(tutor.api.sessionRequests.packages.get.query(unchecked<In['get']>({ packageId: 7 })), ['packageId']);
  });
});

describe('updating a package', () => {
  it('changes only the named fields and moves updatedAt', async () => {
    const tutor = await makeTutor(t);
    const before = await tutor.api.sessionRequests.packages.create.mutate(weekly());
    const after = await tutor.api.sessionRequests.packages.update.mutate({
      packageId: before.id,
      price: 99.5,
      currency: 'GBP',
      minutesPerSession: 45,
      scheduleType: 'one_time',
      description: '',
    });
    expect(after).toEqual({
      ...before,
      price: 99.5,
      currency: 'GBP',
      minutesPerSession: 45,
      scheduleType: 'one_time',
      description: '',
      updatedAt: expect.any(String),
    });
    expect(Date.parse(after.updatedAt)).toBeGreaterThanOrEqual(Date.parse(before.updatedAt));
    expect(await tutor.api.sessionRequests.packages.get.query({ packageId: before.id })).toEqual(after);
  });

  it("is NOT_FOUND for anyone but the owner, exactly as for a package that does not exist", async () => {
    const tutor = await makeTutor(t);
    const otherTutor = await makeTutor(t);
    const stranger = await t.user();
    const pkg = await tutor.api.sessionRequests.packages.create.mutate(weekly());
    const missing = await expectError(tutor.api.sessionRequests.packages.update.mutate({ packageId: unknownId(), name: 'X' }), 'NOT_FOUND');
    expect(missing.message).toBe('Package not found.');
    for (const user of [otherTutor, stranger]) {
      const refused = await expectError(user.api.sessionRequests.packages.update.mutate({ packageId: pkg.id, name: 'Mine now' }), 'NOT_FOUND');
      expect(refused.message).toBe(missing.message);
      for (const call of [user.api.sessionRequests.packages.archive, user.api.sessionRequests.packages.unarchive]) {
        expect((await expectError(call.mutate({ packageId: pkg.id }), 'NOT_FOUND')).message).toBe(missing.message);
      }
    }
    expect(await tutor.api.sessionRequests.packages.get.query({ packageId: pkg.id })).toEqual(pkg);
  });

  it('refuses to change an archived package until it is unarchived', async () => {
    const tutor = await makeTutor(t);
    const pkg = await tutor.api.sessionRequests.packages.create.mutate(weekly());
    const archived = await tutor.api.sessionRequests.packages.archive.mutate({ packageId: pkg.id });
    const error = await expectError(tutor.api.sessionRequests.packages.update.mutate({ packageId: pkg.id, price: 10 }), 'CONFLICT');
    expect(error.message).toBe('This package is archived; unarchive it to change it.');
    expect(await tutor.api.sessionRequests.packages.get.query({ packageId: pkg.id })).toEqual(archived);
    await tutor.api.sessionRequests.packages.unarchive.mutate({ packageId: pkg.id });
    expect((await tutor.api.sessionRequests.packages.update.mutate({ packageId: pkg.id, price: 10 })).price).toBe(10);
  });
});

describe('archiving', () => {
  it('hides a package from others and from the default list, keeps it for the owner, and both ways are idempotent', async () => {
    const tutor = await makeTutor(t);
    const student = await t.user();
    const [kept, retired] = await offer(tutor, 2);
    if (!kept || !retired) throw new Error('offer made too few packages');

    const archived = await tutor.api.sessionRequests.packages.archive.mutate({ packageId: retired.id });
    expect(archived).toEqual({ ...retired, archivedAt: expect.any(String), updatedAt: expect.any(String) });
    expect(await tutor.api.sessionRequests.packages.archive.mutate({ packageId: retired.id })).toEqual(archived);

    expect(ids((await student.api.sessionRequests.packages.ofTutor.query({ tutorId: tutor.id })).items)).toEqual([kept.id]);
    await expectError(student.api.sessionRequests.packages.get.query({ packageId: retired.id }), 'NOT_FOUND');
    expect(await tutor.api.sessionRequests.packages.get.query({ packageId: retired.id })).toEqual(archived);
    expect(ids(await allMine(tutor))).toEqual([kept.id]);
    expect(await allMine(tutor, true)).toEqual(newestFirst([archived, kept]));

    const restored = await tutor.api.sessionRequests.packages.unarchive.mutate({ packageId: retired.id });
    expect(restored).toEqual({ ...retired, updatedAt: expect.any(String) });
    expect(await tutor.api.sessionRequests.packages.unarchive.mutate({ packageId: retired.id })).toEqual(restored);
    expect(await student.api.sessionRequests.packages.get.query({ packageId: retired.id })).toEqual(restored);
    expect((await student.api.sessionRequests.packages.ofTutor.query({ tutorId: tutor.id })).items).toEqual(newestFirst([restored, kept]));
  });
});

describe('client keys', () => {
  it('a retried create returns the first package, even with different details', async () => {
    const tutor = await makeTutor(t);
    const clientKey = 'retry-key-0001';
    const first = await tutor.api.sessionRequests.packages.create.mutate(weekly({ clientKey }));
    const again = await tutor.api.sessionRequests.packages.create.mutate(weekly({ clientKey }));
    const edited = await tutor.api.sessionRequests.packages.create.mutate(weekly({ clientKey, name: 'Changed my mind' }));
    expect(again).toEqual(first);
    expect(edited).toEqual(first);
    expect(await allMine(tutor, true)).toEqual([first]);
  });

  it('keys belong to one tutor: two tutors may use the same one', async () => {
    const [a, b] = await Promise.all([makeTutor(t), makeTutor(t)]);
    const clientKey = 'shared-key-0001';
    const [fromA, fromB] = await Promise.all([
      a.api.sessionRequests.packages.create.mutate(weekly({ clientKey })),
      b.api.sessionRequests.packages.create.mutate(weekly({ clientKey })),
    ]);
    expect(fromA.id).not.toBe(fromB.id);
    expect([fromA.tutorId, fromB.tutorId]).toEqual([a.id, b.id]);
  });

  it('50 identical creates at once with one key make one package and 50 identical answers', async () => {
    const tutor = await makeTutor(t);
    const input = weekly({ clientKey: 'concurrent-key-0001' });
    const settled = await settleAll(Array.from({ length: 50 }, () => tutor.api.sessionRequests.packages.create.mutate(input)));
    const values = settled.map((s) => (s.ok ? s.value : s.error.message));
    const first = values[0];
    expect(values).toEqual(Array.from({ length: 50 }, () => first));
    expect(await allMine(tutor, true)).toEqual([first]);
  });
});

describe('the cap on active packages', () => {
  it(`allows ${CAP} active packages, then asks to archive one; archived ones do not count`, async () => {
    const tutor = await makeTutor(t);
    const made = await offer(tutor, CAP);
    const error = await expectError(tutor.api.sessionRequests.packages.create.mutate(weekly({ name: 'One too many' })), 'CONFLICT');
    expect(error.message).toBe(FULL);

    // A retry of a create that made it still returns its package at the cap.
    const keyed = made[0];
    if (!keyed) throw new Error('offer made no packages');
    await tutor.api.sessionRequests.packages.archive.mutate({ packageId: keyed.id });
    const withKey = await tutor.api.sessionRequests.packages.create.mutate(weekly({ name: 'Keyed', clientKey: 'at-the-cap-0001' }));
    expect((await expectError(tutor.api.sessionRequests.packages.create.mutate(weekly()), 'CONFLICT')).message).toBe(FULL);
    expect(await tutor.api.sessionRequests.packages.create.mutate(weekly({ name: 'Keyed', clientKey: 'at-the-cap-0001' }))).toEqual(withKey);

    // Unarchiving counts too.
    const unarchive = await expectError(tutor.api.sessionRequests.packages.unarchive.mutate({ packageId: keyed.id }), 'CONFLICT');
    expect(unarchive.message).toBe(`You already offer ${CAP} packages; archive one before unarchiving another.`);
    await tutor.api.sessionRequests.packages.archive.mutate({ packageId: withKey.id });
    expect((await tutor.api.sessionRequests.packages.unarchive.mutate({ packageId: keyed.id })).archivedAt).toBeNull();

    expect(await allMine(tutor)).toHaveLength(CAP);
    expect(await allMine(tutor, true)).toHaveLength(CAP + 1);
  });

  it(`holds under concurrency: 10 creates at once with room for 5 make exactly 5`, async () => {
    const tutor = await makeTutor(t);
    await Promise.all(Array.from({ length: CAP - 5 }, (_, i) => tutor.api.sessionRequests.packages.create.mutate(weekly({ name: `Base ${i}` }))));
    const settled = await settleAll(
      Array.from({ length: 10 }, (_, i) => tutor.api.sessionRequests.packages.create.mutate(weekly({ name: `Race ${i}`, clientKey: `race-key-${i}-0000` }))),
    );
    expect(settled.filter((s) => s.ok)).toHaveLength(5);
    for (const s of settled) if (!s.ok) expect({ code: s.error.data?.code, message: s.error.message }).toEqual({ code: 'CONFLICT', message: FULL });
    expect(await allMine(tutor)).toHaveLength(CAP);
  });

  it('holds when unarchives race creates', async () => {
    const tutor = await makeTutor(t);
    const made = await offer(tutor, CAP);
    const archivedIds = made.slice(0, 5).map((p) => p.id);
    for (const packageId of archivedIds) await tutor.api.sessionRequests.packages.archive.mutate({ packageId });
    // Five free places; five unarchives and five creates race for them.
    const settled = await settleAll<unknown>([
      ...archivedIds.map((packageId) => tutor.api.sessionRequests.packages.unarchive.mutate({ packageId })),
      ...Array.from({ length: 5 }, (_, i) => tutor.api.sessionRequests.packages.create.mutate(weekly({ name: `Late ${i}` }))),
    ]);
    expect(settled.filter((s) => s.ok)).toHaveLength(5);
    for (const s of settled) if (!s.ok) expect(s.error.data?.code).toBe('CONFLICT');
    expect(await allMine(tutor)).toHaveLength(CAP);
  });
});

describe('seeing packages', () => {
  it("NOT_FOUND for a tutor's packages across a block, either way, while the owner still sees them", async () => {
    const [tutor, blocker, blocked, bystander] = await Promise.all([makeTutor(t), t.user(), t.user(), t.user()]);
    const pkg = await tutor.api.sessionRequests.packages.create.mutate(weekly());
    await blocker.api.connections.create.mutate({ targetUserId: tutor.id, type: 'block' });
    await tutor.api.connections.create.mutate({ targetUserId: blocked.id, type: 'block' });
    for (const user of [blocker, blocked]) {
      const hidden = await expectError(user.api.sessionRequests.packages.ofTutor.query({ tutorId: tutor.id }), 'NOT_FOUND');
      expect(hidden.message).toBe('Tutor not found.');
      expect((await expectError(user.api.sessionRequests.packages.get.query({ packageId: pkg.id }), 'NOT_FOUND')).message).toBe(
        'Package not found.',
      );
    }
    expect(ids((await bystander.api.sessionRequests.packages.ofTutor.query({ tutorId: tutor.id })).items)).toEqual([pkg.id]);
    expect(await tutor.api.sessionRequests.packages.get.query({ packageId: pkg.id })).toEqual(pkg);
  });

  it('NOT_FOUND for the packages of a user who is no tutor, or of no user', async () => {
    const [plain, viewer] = await Promise.all([t.user(), t.user()]);
    for (const tutorId of [plain.id, unknownId()]) {
      expect((await expectError(viewer.api.sessionRequests.packages.ofTutor.query({ tutorId }), 'NOT_FOUND')).message).toBe('Tutor not found.');
    }
    await expectError(viewer.api.sessionRequests.packages.get.query({ packageId: unknownId() }), 'NOT_FOUND');
  });

  it('a tutor with no packages has an empty listing', async () => {
    const [tutor, viewer] = await Promise.all([makeTutor(t), t.user()]);
    expect(await viewer.api.sessionRequests.packages.ofTutor.query({ tutorId: tutor.id })).toEqual({ items: [], nextCursor: null });
    expect(await tutor.api.sessionRequests.packages.mine.query()).toEqual({ items: [], nextCursor: null });
  });

  it('pages through mine and ofTutor newest first, with no gap and no repeat', async () => {
    const [tutor, viewer] = await Promise.all([makeTutor(t), t.user()]);
    const made = await offer(tutor, 7);
    const retired = made[3];
    if (!retired) throw new Error('offer made too few packages');
    await tutor.api.sessionRequests.packages.archive.mutate({ packageId: retired.id });
    const order = ids(newestFirst(made));
    const active = order.filter((id) => id !== retired.id);

    const all = await walkPages(3, (cursor) => tutor.api.sessionRequests.packages.mine.query({ includeArchived: true, cursor, limit: 3 }));
    expect(all.map((page) => page.length)).toEqual([3, 3, 1]);
    expect(ids(all.flat())).toEqual(order);

    const mine = await walkPages(2, (cursor) => tutor.api.sessionRequests.packages.mine.query({ cursor, limit: 2 }));
    expect(ids(mine.flat())).toEqual(active);

    const offered = await walkPages(2, (cursor) => viewer.api.sessionRequests.packages.ofTutor.query({ tutorId: tutor.id, cursor, limit: 2 }));
    expect(offered.map((page) => page.length)).toEqual([2, 2, 2]);
    expect(ids(offered.flat())).toEqual(active);
  });
});
