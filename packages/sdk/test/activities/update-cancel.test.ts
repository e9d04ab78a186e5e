import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectError } from '../expect-error';
import { startTestServer, type TestServer } from '../harness';
import { DAY, fromNow, HOUR, hostActivity, joinInOrder, plus, signUp } from './helpers';

let t: TestServer;
beforeAll(async () => {
  t = await startTestServer();
});
afterAll(() => t.close());

describe('invitations.activities.update', () => {
  it('changes the fields named and leaves the rest; get shows the change to the host and to a participant', async () => {
    const [host, guest] = await Promise.all([t.user('Host'), t.user('Guest')]);
    const before = await hostActivity(host, { description: 'Easy pace.', place: { latitude: 52.1, longitude: 5.1 }, tags: ['running'] });
    await guest.api.invitations.activities.join.mutate({ activityId: before.id });
    const after = await host.api.invitations.activities.update.mutate({
      activityId: before.id,
      title: 'Sunday run, 10 km',
      description: 'Faster pace.',
      tags: ['#Trail Running', 'running'],
    });
    expect(after).toEqual({
      ...before,
      title: 'Sunday run, 10 km',
      description: 'Faster pace.',
      tags: ['trail-running', 'running'],
      participantCount: 2,
      remainingSeats: 8,
      updatedAt: expect.any(String),
    });
    expect(Date.parse(after.updatedAt)).toBeGreaterThanOrEqual(Date.parse(before.updatedAt));
    expect(await host.api.invitations.activities.get.query({ activityId: before.id })).toEqual(after);
    expect(await guest.api.invitations.activities.get.query({ activityId: before.id })).toEqual({ ...after, myStatus: 'participant' });
  });

  it('moves the time and the place; place null clears it, and leaving place out keeps it', async () => {
    const host = await t.user();
    const activity = await hostActivity(host, { place: { latitude: 52.1, longitude: 5.1 } });
    const startsAt = fromNow(5 * DAY);
    const endsAt = plus(startsAt, 3 * HOUR);
    const moved = await host.api.invitations.activities.update.mutate({
      activityId: activity.id,
      startsAt,
      endsAt,
      locationLabel: 'North gate',
      place: { latitude: -33.9, longitude: 151.2 },
    });
    expect(moved).toMatchObject({ startsAt, endsAt, locationLabel: 'North gate', place: { latitude: -33.9, longitude: 151.2 } });
    const retitled = await host.api.invitations.activities.update.mutate({ activityId: activity.id, title: 'Still placed' });
    expect(retitled.place).toEqual({ latitude: -33.9, longitude: 151.2 });
    const cleared = await host.api.invitations.activities.update.mutate({ activityId: activity.id, place: null });
    expect(cleared.place).toBeNull();
    expect((await host.api.invitations.activities.get.query({ activityId: activity.id })).place).toBeNull();
  });

  it('moves only the start or only the end when the result is still a valid time', async () => {
    const host = await t.user();
    const activity = await hostActivity(host);
    const later = await host.api.invitations.activities.update.mutate({ activityId: activity.id, endsAt: plus(activity.endsAt, HOUR) });
    expect(later).toMatchObject({ startsAt: activity.startsAt, endsAt: plus(activity.endsAt, HOUR) });
    const earlier = await host.api.invitations.activities.update.mutate({ activityId: activity.id, startsAt: plus(activity.startsAt, -HOUR) });
    expect(earlier).toMatchObject({ startsAt: plus(activity.startsAt, -HOUR), endsAt: plus(activity.endsAt, HOUR) });
  });

  it('refuses a start alone that lands after the stored end, and an end alone that lands before the stored start, as BAD_REQUEST', async () => {
    const host = await t.user();
    const activity = await hostActivity(host);
    await expectError(host.api.invitations.activities.update.mutate({ activityId: activity.id, startsAt: plus(activity.endsAt, HOUR) }), 'BAD_REQUEST');
    await expectError(host.api.invitations.activities.update.mutate({ activityId: activity.id, endsAt: plus(activity.startsAt, -HOUR) }), 'BAD_REQUEST');
    await expectError(host.api.invitations.activities.update.mutate({ activityId: activity.id, endsAt: activity.startsAt }), 'BAD_REQUEST');
    expect(await host.api.invitations.activities.get.query({ activityId: activity.id })).toEqual(activity);
  });

  it('refuses an end alone, or a start alone, that makes it last more than 72 hours, as BAD_REQUEST', async () => {
    const host = await t.user();
    const activity = await hostActivity(host);
    await expectError(
      host.api.invitations.activities.update.mutate({ activityId: activity.id, endsAt: plus(activity.startsAt, 72 * HOUR + 60_000) }),
      'BAD_REQUEST',
    );
    // Moving only the start earlier stretches it past 72 hours just the same.
    await expectError(
      host.api.invitations.activities.update.mutate({ activityId: activity.id, startsAt: plus(activity.endsAt, -(72 * HOUR + 60_000)) }),
      'BAD_REQUEST',
    );
    expect(await host.api.invitations.activities.get.query({ activityId: activity.id })).toEqual(activity);
  });

  it('refuses a new start and end together more than 72 hours apart, as BAD_REQUEST', async () => {
    const host = await t.user();
    const activity = await hostActivity(host);
    const startsAt = fromNow(3 * DAY);
    await expectError(
      host.api.invitations.activities.update.mutate({ activityId: activity.id, startsAt, endsAt: plus(startsAt, 72 * HOUR + 60_000) }),
      'BAD_REQUEST',
    );
    expect(await host.api.invitations.activities.get.query({ activityId: activity.id })).toEqual(activity);
  });

  it('refuses a capacity below the participants it has (CONFLICT) and takes one equal to it', async () => {
    const host = await t.user();
    const guests = await signUp(t, 3);
    const activity = await hostActivity(host, { capacity: 6 });
    await joinInOrder(guests, activity.id);
    const error = await expectError(host.api.invitations.activities.update.mutate({ activityId: activity.id, capacity: 3 }), 'CONFLICT');
    expect(error.data?.fieldErrors ?? null).toBeNull();
    expect((await host.api.invitations.activities.get.query({ activityId: activity.id })).capacity).toBe(6);
    const exact = await host.api.invitations.activities.update.mutate({ activityId: activity.id, capacity: 4 });
    expect(exact).toMatchObject({ capacity: 4, participantCount: 4, remainingSeats: 0, waitlistCount: 0 });
    // Now full: the next one waits.
    const late = await t.user('Late');
    expect(await late.api.invitations.activities.join.mutate({ activityId: activity.id })).toMatchObject({ status: 'waitlisted', waitlistPosition: 1 });
  });

  it('a capacity raised while people wait seats the first in line, as many as the new seats, never more', async () => {
    const host = await t.user();
    const guests = await signUp(t, 5);
    const activity = await hostActivity(host, { capacity: 2 });
    // One seat taken by guest 1; guests 2..5 wait in that order.
    await joinInOrder(guests, activity.id);
    const raised = await host.api.invitations.activities.update.mutate({ activityId: activity.id, capacity: 4 });
    expect(raised).toMatchObject({ capacity: 4, participantCount: 4, remainingSeats: 0, waitlistCount: 2 });
    const positions = await Promise.all(guests.map(async (g) => (await g.api.invitations.activities.get.query({ activityId: activity.id })).myWaitlistPosition));
    expect(positions).toEqual([null, null, null, 1, 2]);
  });

  it('names at least one field: an update of nothing is BAD_REQUEST', async () => {
    const host = await t.user();
    const activity = await hostActivity(host);
    await expectError(host.api.invitations.activities.update.mutate({ activityId: activity.id }), 'BAD_REQUEST');
  });

  it('refuses to change a cancelled activity: CONFLICT', async () => {
    const host = await t.user();
    const activity = await hostActivity(host);
    await host.api.invitations.activities.cancel.mutate({ activityId: activity.id, reason: 'Rain.' });
    await expectError(host.api.invitations.activities.update.mutate({ activityId: activity.id, title: 'Back on?' }), 'CONFLICT');
    expect(await host.api.invitations.activities.get.query({ activityId: activity.id })).toMatchObject({ title: activity.title, status: 'cancelled' });
  });
});

describe('invitations.activities.cancel', () => {
  it('cancels with the reason; the host, a participant and a waitlisted person all see it cancelled', async () => {
    const host = await t.user();
    const [seated, waiting] = await signUp(t, 2);
    if (!seated || !waiting) throw new Error('two guests expected');
    const activity = await hostActivity(host, { capacity: 2 });
    await joinInOrder([seated, waiting], activity.id);
    const cancelled = await host.api.invitations.activities.cancel.mutate({ activityId: activity.id, reason: '  Storm warning.  ' });
    expect(cancelled).toMatchObject({ id: activity.id, status: 'cancelled', cancelReason: 'Storm warning.', myStatus: 'host' });
    expect(await seated.api.invitations.activities.get.query({ activityId: activity.id })).toMatchObject({
      status: 'cancelled',
      cancelReason: 'Storm warning.',
      myStatus: 'participant',
    });
    expect(await waiting.api.invitations.activities.get.query({ activityId: activity.id })).toMatchObject({
      status: 'cancelled',
      myStatus: 'waitlisted',
      myWaitlistPosition: 1,
    });
  });

  it('cancelling again returns the activity unchanged: the first reason stays', async () => {
    const host = await t.user();
    const activity = await hostActivity(host);
    const first = await host.api.invitations.activities.cancel.mutate({ activityId: activity.id, reason: 'First reason.' });
    const again = await host.api.invitations.activities.cancel.mutate({ activityId: activity.id, reason: 'Second reason.' });
    expect(again).toEqual(first);
    expect(await host.api.invitations.activities.get.query({ activityId: activity.id })).toEqual(first);
  });

  it('a cancelled activity cannot be joined (CONFLICT), and nobody was seated by the attempt', async () => {
    const [host, guest] = await Promise.all([t.user(), t.user()]);
    const activity = await hostActivity(host);
    await host.api.invitations.activities.cancel.mutate({ activityId: activity.id, reason: 'Venue closed.' });
    await expectError(guest.api.invitations.activities.join.mutate({ activityId: activity.id }), 'CONFLICT');
    expect(await guest.api.invitations.activities.get.query({ activityId: activity.id })).toMatchObject({
      myStatus: 'none',
      participantCount: 1,
      waitlistCount: 0,
    });
  });
});
