import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectError } from '../expect-error';
import { startTestServer, type TestServer, type TestUser } from '../harness';
import { DAY, everyMine, everySearched, fromNow, HOUR, hostActivity, ids, plus, uniqueTag, untilPast, type ActivityView } from './helpers';

/**
 * Activities cannot be created in the past, so these start a few seconds from
 * now and the tests wait for the clock: "started" and "ended" are decided by
 * the time, not by any event the tests could await instead.
 */
const LEAD_MS = 4000;

let t: TestServer;
let host: TestUser;
let guest: TestUser;
let waiter: TestUser;
let latecomer: TestUser;
const tag = uniqueTag('clock');
let endedFirst: ActivityView;
let endedSecond: ActivityView;
let running: ActivityView;
let upcoming: ActivityView;

beforeAll(async () => {
  t = await startTestServer();
  [host, guest, waiter, latecomer] = await Promise.all([t.user('Host'), t.user('Guest'), t.user('Waiter'), t.user('Latecomer')]);
  const base = fromNow(LEAD_MS);
  // Two that will have ended (the second started later), one that will be under way, one days ahead.
  endedFirst = await hostActivity(host, { tags: [tag], title: 'Ended first', startsAt: base, endsAt: plus(base, 500), capacity: 2 });
  endedSecond = await hostActivity(host, { tags: [tag], title: 'Ended second', startsAt: plus(base, 300), endsAt: plus(base, 800) });
  running = await hostActivity(host, { tags: [tag], title: 'Under way', startsAt: plus(base, 600), endsAt: plus(base, HOUR), capacity: 2 });
  upcoming = await hostActivity(host, { tags: [tag], title: 'Days ahead', startsAt: fromNow(2 * DAY) });
  for (const activity of [endedFirst, endedSecond, running, upcoming]) await guest.api.invitations.activities.join.mutate({ activityId: activity.id });
  await waiter.api.invitations.activities.join.mutate({ activityId: endedFirst.id });
  await waiter.api.invitations.activities.join.mutate({ activityId: running.id });
  // Everything above must have happened before the first start, or the setup itself is wrong.
  expect(Date.now()).toBeLessThan(Date.parse(base));
  await untilPast(endedSecond.endsAt);
}, 60_000);
afterAll(() => t.close());

describe('once an activity has started', () => {
  it('joining it is CONFLICT, and nobody was added', async () => {
    for (const activity of [running, endedFirst]) {
      await expectError(latecomer.api.invitations.activities.join.mutate({ activityId: activity.id }), 'CONFLICT');
      expect((await latecomer.api.invitations.activities.get.query({ activityId: activity.id })).myStatus).toBe('none');
    }
    expect(await host.api.invitations.activities.get.query({ activityId: running.id })).toMatchObject({ participantCount: 2, waitlistCount: 1 });
  });

  it('search no longer finds it, even inside an explicit window', async () => {
    expect(ids(await everySearched(latecomer, { tags: [tag] }))).toEqual([upcoming.id]);
    expect(await everySearched(latecomer, { tags: [tag], from: fromNow(-HOUR), to: fromNow(HOUR) })).toEqual([]);
    expect(await everySearched(latecomer, { tags: [tag], query: 'Under way' })).toEqual([]);
  });

  it('get still shows it to anyone who may see it', async () => {
    expect(await latecomer.api.invitations.activities.get.query({ activityId: running.id })).toMatchObject({ id: running.id, status: 'scheduled' });
  });
});

describe('mine, upcoming and past', () => {
  it('hosting: upcoming is what has not ended, soonest first; past is what has, latest start first', async () => {
    expect(ids(await everyMine(host, { role: 'hosting', when: 'upcoming' }))).toEqual([running.id, upcoming.id]);
    expect(ids(await everyMine(host, { role: 'hosting', when: 'past' }))).toEqual([endedSecond.id, endedFirst.id]);
    for (const limit of [1, 2]) expect(ids(await everyMine(host, { role: 'hosting', when: 'past' }, limit))).toEqual([endedSecond.id, endedFirst.id]);
  });

  it('joined: the same split for a participant, and never what they host', async () => {
    expect(ids(await everyMine(guest, { role: 'joined', when: 'upcoming' }))).toEqual([running.id, upcoming.id]);
    expect(ids(await everyMine(guest, { role: 'joined', when: 'past' }))).toEqual([endedSecond.id, endedFirst.id]);
    expect(await everyMine(guest, { role: 'hosting', when: 'past' })).toEqual([]);
  });

  it('waitlisted: the same split, with the position held', async () => {
    const now = await everyMine(waiter, { role: 'waitlisted', when: 'upcoming' });
    expect(ids(now)).toEqual([running.id]);
    const past = await everyMine(waiter, { role: 'waitlisted', when: 'past' });
    expect(ids(past)).toEqual([endedFirst.id]);
    expect(past[0]).toMatchObject({ myStatus: 'waitlisted', myWaitlistPosition: 1 });
  });
});
