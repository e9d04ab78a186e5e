import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectError, settleAll } from '../expect-error';
import { startTestServer, type TestServer } from '../harness';
import { activityInput, DAY, everyMine, everyParticipant, fromNow, HOUR, hostActivity, ids, plus } from './helpers';

let t: TestServer;
beforeAll(async () => {
  t = await startTestServer();
});
afterAll(() => t.close());

describe('invitations.activities.create', () => {
  it('returns the view of a new activity: the host holds one seat, nobody waits, the defaults filled in', async () => {
    const host = await t.user('Hana Host');
    const input = activityInput({ capacity: 10 });
    const created = await host.api.invitations.activities.create.mutate(input);
    expect(created).toEqual({
      id: expect.any(String),
      host: { id: host.id, name: 'Hana Host', avatarUrl: null },
      title: input.title,
      description: '',
      locationLabel: input.locationLabel,
      place: null,
      startsAt: new Date(input.startsAt).toISOString(),
      endsAt: new Date(input.endsAt).toISOString(),
      capacity: 10,
      participantCount: 1,
      remainingSeats: 9,
      waitlistCount: 0,
      tags: [],
      visibility: 'public',
      status: 'scheduled',
      cancelReason: null,
      myStatus: 'host',
      myWaitlistPosition: null,
      distanceKm: null,
      createdAt: expect.any(String),
      updatedAt: expect.any(String),
    });
    expect(await host.api.invitations.activities.get.query({ activityId: created.id })).toEqual(created);
    // The host's seat is a real participant row, listed first and marked as the host.
    expect(await everyParticipant(host, created.id)).toEqual([
      { id: host.id, name: 'Hana Host', avatarUrl: null, joinedAt: expect.any(String), host: true },
    ]);
    expect(ids(await everyMine(host, { role: 'hosting' }))).toEqual([created.id]);
    // Hosting is not "joined": the host's own activity is in one list only.
    expect(await everyMine(host, { role: 'joined' })).toEqual([]);
  });

  it('keeps every field given: description, place, invite-only visibility, and a start with a UTC offset', async () => {
    const host = await t.user();
    const startsAt = new Date(Date.now() + 3 * DAY);
    startsAt.setUTCMilliseconds(0);
    // The same instant written with a +02:00 offset: the view gives it back in UTC.
    const withOffset = new Date(startsAt.getTime() + 2 * HOUR).toISOString().replace('Z', '+02:00').replace('.000', '');
    const created = await host.api.invitations.activities.create.mutate({
      title: '  Board games  ',
      description: 'Bring one you love.\nSnacks provided.',
      locationLabel: 'Café Noord',
      place: { latitude: 52.379, longitude: 4.9 },
      startsAt: withOffset,
      endsAt: plus(startsAt.toISOString(), 3 * HOUR),
      capacity: 500,
      visibility: 'invite_only',
    });
    expect(created).toMatchObject({
      title: 'Board games',
      description: 'Bring one you love.\nSnacks provided.',
      locationLabel: 'Café Noord',
      place: { latitude: 52.379, longitude: 4.9 },
      startsAt: startsAt.toISOString(),
      capacity: 500,
      remainingSeats: 499,
      visibility: 'invite_only',
    });
  });

  it('normalises tags: no #, lower case, words joined by hyphens, duplicates dropped', async () => {
    const host = await t.user();
    const created = await hostActivity(host, { tags: ['#Trail Running', 'trail-running', 'Running', '#running', 'Early_Birds'] });
    expect(created.tags).toEqual(['trail-running', 'running', 'early-birds']);
    expect((await host.api.invitations.activities.get.query({ activityId: created.id })).tags).toEqual(created.tags);
  });

  it('takes five tags', async () => {
    const host = await t.user();
    const five = await hostActivity(host, { tags: ['a1', 'b2', 'c3', 'd4', 'e5'] });
    expect(five.tags).toEqual(['a1', 'b2', 'c3', 'd4', 'e5']);
  });

  it('takes the edges: capacity 2, a start just short of 365 days ahead, an activity of exactly 72 hours', async () => {
    const host = await t.user();
    const two = await hostActivity(host, { capacity: 2 });
    expect(two).toMatchObject({ capacity: 2, participantCount: 1, remainingSeats: 1 });
    const far = fromNow(365 * DAY - HOUR);
    expect((await hostActivity(host, { startsAt: far, endsAt: plus(far, HOUR) })).startsAt).toBe(far);
    const start = fromNow(DAY);
    expect((await hostActivity(host, { startsAt: start, endsAt: plus(start, 72 * HOUR) })).endsAt).toBe(plus(start, 72 * HOUR));
  });

  it('takes the actor from the session: a hostId in the input is refused, never obeyed', async () => {
    const [host, other] = await Promise.all([t.user(), t.user()]);
    const input = { ...activityInput(), hostId: other.id };
    // The input schema is strict, so the unknown key is refused outright.
    await expectError(host.api.invitations.activities.create.mutate(input), 'BAD_REQUEST');
    expect(await everyMine(other, { role: 'hosting' })).toEqual([]);
  });
});

describe('create with a client key', () => {
  it('a retry with the same key returns the same activity, not a second one', async () => {
    const host = await t.user();
    const input = activityInput({ clientKey: randomUUID() });
    const first = await host.api.invitations.activities.create.mutate(input);
    const again = await host.api.invitations.activities.create.mutate(input);
    expect(again).toEqual(first);
    expect(ids(await everyMine(host, { role: 'hosting' }))).toEqual([first.id]);
    // Another key, or none, is another activity.
    const other = await host.api.invitations.activities.create.mutate({ ...input, clientKey: randomUUID() });
    const keyless = await hostActivity(host);
    expect(new Set([first.id, other.id, keyless.id]).size).toBe(3);
  });

  it('50 identical creates at once with one key leave one activity, and every call returns it', async () => {
    const host = await t.user();
    const input = activityInput({ clientKey: randomUUID(), title: 'Fifty at once' });
    const results = await settleAll(Array.from({ length: 50 }, () => host.api.invitations.activities.create.mutate(input)));
    expect(results.flatMap((r) => (r.ok ? [] : [`${r.error.data?.code}: ${r.error.message}`]))).toEqual([]);
    const made = results.flatMap((r) => (r.ok ? [r.value] : []));
    expect(new Set(ids(made)).size).toBe(1);
    const [activity] = made;
    expect(ids(await everyMine(host, { role: 'hosting' }))).toEqual([activity?.id]);
    // The losers rolled back whole: one seat held, by the host, once.
    expect(activity).toMatchObject({ participantCount: 1, waitlistCount: 0, myStatus: 'host' });
    expect(ids(await everyParticipant(host, activity?.id ?? ''))).toEqual([host.id]);
  });

  it('a key is the host’s own: another user with the same key gets an activity of their own, never the first one', async () => {
    const [ann, bob] = await Promise.all([t.user('Ann'), t.user('Bob')]);
    const clientKey = randomUUID();
    // Ann's is invite-only: returning it to Bob would show him an activity he may not see.
    const anns = await hostActivity(ann, { clientKey, visibility: 'invite_only', title: 'Ann’s secret' });
    const bobs = await hostActivity(bob, { clientKey, title: 'Bob’s' });
    expect(bobs.id).not.toBe(anns.id);
    expect(bobs).toMatchObject({ title: 'Bob’s', host: { id: bob.id }, myStatus: 'host' });
  });
});
