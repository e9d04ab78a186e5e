import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RouterInputs } from '../../src/index';
import { unchecked, unknownId } from '../connections/helpers';
import { expectError, expectFieldErrors, settleAll } from '../expect-error';
import { startTestServer, type TestServer, type TestUser } from '../harness';
import { activityInput, DAY, everyMine, fromNow, HOUR, hostActivity, MINUTE, plus, type ActivityView } from './helpers';

type In = RouterInputs['invitations']['activities'];

let t: TestServer;
let ann: TestUser;
let existing: ActivityView;
beforeAll(async () => {
  t = await startTestServer();
  ann = await t.user('Ann');
  existing = await hostActivity(ann, { title: 'The one that exists' });
});
afterAll(() => t.close());

const start = fromNow(2 * DAY);

describe('create: bad input is BAD_REQUEST naming the field, never a 500', () => {
  const create = (input: unknown) => ann.api.invitations.activities.create.mutate(unchecked<In['create']>(input));

  it.each([
    ['place.latitude', { place: { latitude: 91, longitude: 5 } }],
    ['place.latitude', { place: { latitude: -90.0001, longitude: 5 } }],
    ['place.longitude', { place: { latitude: 52, longitude: 181 } }],
    ['place.longitude', { place: { latitude: 52, longitude: -180.5 } }],
    ['place.longitude', { place: { latitude: 52 } }],
    ['place.latitude', { place: { latitude: '52', longitude: 5 } }],
    ['endsAt', { startsAt: start, endsAt: plus(start, -HOUR) }],
    ['endsAt', { startsAt: start, endsAt: start }],
    ['endsAt', { startsAt: start, endsAt: plus(start, 72 * HOUR + MINUTE) }],
    ['startsAt', { startsAt: fromNow(-HOUR), endsAt: fromNow(HOUR) }],
    ['startsAt', { startsAt: fromNow(366 * DAY), endsAt: fromNow(366 * DAY + HOUR) }],
    ['startsAt', { startsAt: 'next sunday' }],
    ['endsAt', { endsAt: 'later' }],
    ['capacity', { capacity: 0 }],
    ['capacity', { capacity: 1 }],
    ['capacity', { capacity: -4 }],
    ['capacity', { capacity: 501 }],
    ['capacity', { capacity: 2.5 }],
    ['capacity', { capacity: '10' }],
    ['title', { title: 'x'.repeat(10_000) }],
    ['title', { title: '' }],
    ['title', { title: '   ' }],
    ['title', { title: 'bell\u0007' }],
    ['description', { description: 'y'.repeat(4001) }],
    ['locationLabel', { locationLabel: undefined }],
    ['locationLabel', { locationLabel: 'z'.repeat(201) }],
    ['tags.0', { tags: ['!!!'] }],
    ['tags.0', { tags: ['a'.repeat(100)] }],
    ['tags.0', { tags: ['a'.repeat(31)] }],
    ['tags.0', { tags: ['#'] }],
    ['tags.0', { tags: [''] }],
    ['tags.1', { tags: ['running', 'ru$h'] }],
    ['tags', { tags: ['a', 'b', 'c', 'd', 'e', 'f'] }],
    ['tags', { tags: 'running' }],
    ['visibility', { visibility: 'friends' }],
    ['clientKey', { clientKey: 'short' }],
    ['clientKey', { clientKey: 'has spaces in it' }],
  ])('refuses %s: %j', async (field, overrides) => {
    const error = await expectFieldErrors(create({ ...activityInput(), ...overrides }), [field]);
    expect(error.message).toMatch(/^Invalid input\. /);
  });

  it('refuses input that is not an object, and missing required fields', async () => {
    for (const input of ['run', 17, [], null]) await expectError(create(input), 'BAD_REQUEST');
    await expectFieldErrors(create({}), ['title', 'locationLabel', 'startsAt', 'endsAt', 'capacity']);
  });

  it('left nothing behind: the only activity Ann hosts is the one made before', async () => {
    expect((await everyMine(ann, { role: 'hosting' })).map((a) => a.id)).toEqual([existing.id]);
  });
});

describe('update: the same rules', () => {
  const update = (input: unknown) => ann.api.invitations.activities.update.mutate(unchecked<In['update']>(input));

  it.each([
    ['activityId', { activityId: 'not-a-uuid', title: 'x' }],
    ['place.latitude', { place: { latitude: 200, longitude: 0 } }],
    ['place.longitude', { place: { latitude: 0, longitude: -999 } }],
    ['capacity', { capacity: 0 }],
    ['capacity', { capacity: 1 }],
    ['title', { title: 'x'.repeat(10_000) }],
    ['startsAt', { startsAt: fromNow(-MINUTE) }],
    ['endsAt', { startsAt: start, endsAt: plus(start, -MINUTE) }],
    ['tags.0', { tags: ['!!!'] }],
    ['tags', { tags: ['a', 'b', 'c', 'd', 'e', 'f'] }],
    ['visibility', { visibility: 'secret' }],
  ])('refuses %s: %j', async (field, fields) => {
    await expectFieldErrors(update({ activityId: existing.id, ...fields }), [field]);
  });

  it('changed nothing', async () => {
    expect(await ann.api.invitations.activities.get.query({ activityId: existing.id })).toEqual(existing);
  });
});

describe('the other procedures', () => {
  const api = () => ann.api.invitations.activities;

  it('cancel needs a reason of one line', async () => {
    await expectFieldErrors(api().cancel.mutate(unchecked<In['cancel']>({ activityId: existing.id })), ['reason']);
    await expectFieldErrors(api().cancel.mutate({ activityId: existing.id, reason: '' }), ['reason']);
    await expectFieldErrors(api().cancel.mutate({ activityId: existing.id, reason: 'r'.repeat(501) }), ['reason']);
    expect((await api().get.query({ activityId: existing.id })).status).toBe('scheduled');
  });

  it('ids must be uuids', async () => {
    await expectFieldErrors(api().get.query({ activityId: 'x' }), ['activityId']);
    await expectFieldErrors(api().join.mutate({ activityId: '1 or 1=1' }), ['activityId']);
    await expectFieldErrors(api().leave.mutate({ activityId: '' }), ['activityId']);
    await expectFieldErrors(api().participants.query({ activityId: 'x' }), ['activityId']);
    await expectFieldErrors(api().removeParticipant.mutate({ activityId: existing.id, userId: 'x' }), ['userId']);
    await expectFieldErrors(api().removeParticipant.mutate({ activityId: 'x', userId: unknownId() }), ['activityId']);
  });

  it('participants and mine take a page of at most 100 and a cursor of their own shape', async () => {
    await expectFieldErrors(api().participants.query({ activityId: existing.id, limit: 0 }), ['limit']);
    await expectFieldErrors(api().participants.query({ activityId: existing.id, limit: 101 }), ['limit']);
    await expectFieldErrors(api().participants.query({ activityId: existing.id, cursor: 'garbage' }), ['cursor']);
    await expectFieldErrors(api().mine.query(unchecked<In['mine']>({ role: 'owner' })), ['role']);
    await expectFieldErrors(api().mine.query(unchecked<In['mine']>({ role: 'hosting', when: 'soon' })), ['when']);
    await expectFieldErrors(api().mine.query({ role: 'joined', limit: 101 }), ['limit']);
    await expectFieldErrors(api().mine.query({ role: 'joined', cursor: Buffer.from('["yesterday","x"]').toString('base64url') }), ['cursor']);
  });

  it.each([
    ['longitude', { latitude: 52 }],
    ['longitude', { longitude: 5 }],
    ['latitude', { latitude: 91, longitude: 5 }],
    ['longitude', { latitude: 52, longitude: 181 }],
    ['radiusKm', { latitude: 52, longitude: 5, radiusKm: 1000 }],
    ['radiusKm', { latitude: 52, longitude: 5, radiusKm: 0 }],
    ['radiusKm', { latitude: 52, longitude: 5, radiusKm: -5 }],
    ['tags.0', { tags: ['!!!'] }],
    ['tags', { tags: ['a', 'b', 'c', 'd', 'e', 'f'] }],
    ['query', { query: 'q'.repeat(10_000) }],
    ['from', { from: 'yesterday' }],
    ['to', { from: fromNow(2 * DAY), to: fromNow(DAY) }],
    ['limit', { limit: 101 }],
    ['limit', { limit: 0 }],
  ])('search refuses %s: %j', async (field, input) => {
    await expectFieldErrors(api().search.query(unchecked<In['search']>(input)), [field]);
  });

  it('search refuses a cursor that is not one of its own, as BAD_REQUEST rather than a 500', async () => {
    const forged = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
    const cursors = [
      'garbage',
      forged(['x']),
      forged([1e308, 'x']),
      forged(['9999-99-99T00:00:00Z', unknownId()]),
      forged({ a: 1 }),
      // Numbers a double cannot hold, written as text the way a distance cursor is.
      forged(['1e-400', unknownId()]),
      forged(['1e400', unknownId()]),
      forged(['-0', 'not-a-uuid']),
    ];
    for (const cursor of cursors) {
      await expectError(api().search.query({ cursor }), 'BAD_REQUEST');
      await expectError(api().search.query({ cursor, latitude: 52, longitude: 5 }), 'BAD_REQUEST');
    }
  });

  it('a cursor from a search by time handed to a search by place, or the other way round, is never a 500', async () => {
    // Refusing it (400) or reading it as a position keeps the contract; a server error does not.
    const host = await t.user();
    for (let i = 0; i < 3; i++) await hostActivity(host, { tags: ['cursor-swap'], place: { latitude: 10, longitude: 10 } });
    const point = { latitude: 10, longitude: 10 };
    const byTime = await api().search.query({ tags: ['cursor-swap'], limit: 1 });
    const byPlace = await api().search.query({ tags: ['cursor-swap'], ...point, limit: 1 });
    if (byTime.nextCursor === null || byPlace.nextCursor === null) throw new Error('a second page expected');
    const swapped = await settleAll<unknown>([
      api().search.query({ tags: ['cursor-swap'], cursor: byTime.nextCursor, limit: 1, ...point }),
      api().search.query({ tags: ['cursor-swap'], cursor: byPlace.nextCursor, limit: 1 }),
    ]);
    for (const outcome of swapped) if (!outcome.ok) expect(outcome.error.data?.httpStatus, outcome.error.message).toBe(400);
  });
});

describe('without a session', () => {
  it('every procedure is UNAUTHORIZED', async () => {
    const api = t.anonymous().api.invitations.activities;
    const activityId = existing.id;
    await expectError(api.create.mutate(activityInput()), 'UNAUTHORIZED');
    await expectError(api.update.mutate({ activityId, title: 'x' }), 'UNAUTHORIZED');
    await expectError(api.cancel.mutate({ activityId, reason: 'x' }), 'UNAUTHORIZED');
    await expectError(api.get.query({ activityId }), 'UNAUTHORIZED');
    await expectError(api.participants.query({ activityId }), 'UNAUTHORIZED');
    await expectError(api.mine.query({ role: 'hosting' }), 'UNAUTHORIZED');
    await expectError(api.search.query({}), 'UNAUTHORIZED');
    await expectError(api.join.mutate({ activityId }), 'UNAUTHORIZED');
    await expectError(api.leave.mutate({ activityId }), 'UNAUTHORIZED');
    await expectError(api.removeParticipant.mutate({ activityId, userId: ann.id }), 'UNAUTHORIZED');
  });
});
