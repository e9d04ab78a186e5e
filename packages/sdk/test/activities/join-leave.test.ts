import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectError, rejectionOf, settleAll } from '../expect-error';
import { startTestServer, type TestServer, type TestUser } from '../harness';
import { everyParticipant, hostActivity, ids, joinInOrder, signUp } from './helpers';

let t: TestServer;
beforeAll(async () => {
  t = await startTestServer();
});
afterAll(() => t.close());

const get = (user: TestUser, activityId: string) => user.api.invitations.activities.get.query({ activityId });

/** Where each of `users` stands in the activity, as they see it themselves. */
async function standings(users: TestUser[], activityId: string) {
  return Promise.all(
    users.map(async (u) => {
      const view = await get(u, activityId);
      return [view.myStatus, view.myWaitlistPosition] as const;
    }),
  );
}

/** An activity with `capacity` seats, its host, and `guests` who joined one after another. */
async function activityWith(capacity: number, guestCount: number) {
  const host = await t.user('Host');
  const guests = await signUp(t, guestCount);
  const activity = await hostActivity(host, { capacity });
  const joins = await joinInOrder(guests, activity.id);
  return { host, guests, activity, joins };
}

describe('join', () => {
  it('takes a seat while there is one, then puts people in line with their position', async () => {
    const { host, guests, activity, joins } = await activityWith(3, 5);
    expect(joins.map((j) => [j.status, j.waitlistPosition])).toEqual([
      ['participant', null],
      ['participant', null],
      ['waitlisted', 1],
      ['waitlisted', 2],
      ['waitlisted', 3],
    ]);
    // Each answer's view is the activity as the joiner left it, seen by them.
    expect(joins.map((j) => [j.activity.myStatus, j.activity.myWaitlistPosition, j.activity.participantCount, j.activity.waitlistCount])).toEqual([
      ['participant', null, 2, 0],
      ['participant', null, 3, 0],
      ['waitlisted', 1, 3, 1],
      ['waitlisted', 2, 3, 2],
      ['waitlisted', 3, 3, 3],
    ]);
    expect(await get(host, activity.id)).toMatchObject({ capacity: 3, participantCount: 3, remainingSeats: 0, waitlistCount: 3, myStatus: 'host' });
    expect(await standings(guests, activity.id)).toEqual([
      ['participant', null],
      ['participant', null],
      ['waitlisted', 1],
      ['waitlisted', 2],
      ['waitlisted', 3],
    ]);
  });

  it('joining again returns where you are and changes nothing, for a participant, a waitlisted person and the host', async () => {
    const { host, guests, activity } = await activityWith(2, 3);
    const [seated, first, second] = guests;
    if (!seated || !first || !second) throw new Error('three guests expected');
    expect(await seated.api.invitations.activities.join.mutate({ activityId: activity.id })).toMatchObject({ status: 'participant', waitlistPosition: null });
    expect(await second.api.invitations.activities.join.mutate({ activityId: activity.id })).toMatchObject({ status: 'waitlisted', waitlistPosition: 2 });
    expect(await first.api.invitations.activities.join.mutate({ activityId: activity.id })).toMatchObject({ status: 'waitlisted', waitlistPosition: 1 });
    const byHost = await host.api.invitations.activities.join.mutate({ activityId: activity.id });
    expect(byHost).toMatchObject({ status: 'participant', waitlistPosition: null, activity: { myStatus: 'host' } });
    expect(await get(host, activity.id)).toMatchObject({ participantCount: 2, waitlistCount: 2 });
  });
});

describe('participants', () => {
  it('lists the host first, then the participants in the order they came, never the waitlist', async () => {
    const { host, guests, activity } = await activityWith(5, 6);
    const listed = await everyParticipant(host, activity.id);
    expect(ids(listed)).toEqual([host.id, ...ids(guests.slice(0, 4))]);
    expect(listed.map((p) => p.host)).toEqual([true, false, false, false, false]);
    expect(listed[1]).toEqual({ id: guests[0]?.id, name: guests[0]?.name, avatarUrl: null, joinedAt: expect.any(String), host: false });
    const joinedAt = listed.map((p) => Date.parse(p.joinedAt));
    expect(joinedAt).toEqual([...joinedAt].sort((a, b) => a - b));
  });

  it('pages with a keyset cursor: small pages put together are the whole list, no duplicates, no gaps', async () => {
    const { host, guests, activity } = await activityWith(12, 11);
    const whole = ids(await everyParticipant(host, activity.id, 100));
    expect(whole).toHaveLength(12);
    for (const limit of [1, 2, 5, 11]) expect(ids(await everyParticipant(guests[3] ?? host, activity.id, limit))).toEqual(whole);
  });
});

describe('leave', () => {
  it('a participant leaving frees a seat for the first in line, and everyone behind moves up', async () => {
    const { host, guests, activity } = await activityWith(3, 5);
    const [leaver, stays, first, second, third] = guests;
    if (!leaver || !stays || !first || !second || !third) throw new Error('five guests expected');
    const left = await leaver.api.invitations.activities.leave.mutate({ activityId: activity.id });
    expect(left).toMatchObject({ myStatus: 'none', myWaitlistPosition: null, participantCount: 3, waitlistCount: 2, remainingSeats: 0 });
    expect(await standings([leaver, stays, first, second, third], activity.id)).toEqual([
      ['none', null],
      ['participant', null],
      ['participant', null],
      ['waitlisted', 1],
      ['waitlisted', 2],
    ]);
    expect(ids(await everyParticipant(host, activity.id))).toEqual([host.id, stays.id, first.id]);
  });

  it('a waitlisted person leaving gives nobody a seat; those behind them move up', async () => {
    const { host, guests, activity } = await activityWith(2, 4);
    const [seated, first, second, third] = guests;
    if (!seated || !first || !second || !third) throw new Error('four guests expected');
    const left = await second.api.invitations.activities.leave.mutate({ activityId: activity.id });
    expect(left).toMatchObject({ myStatus: 'none', participantCount: 2, waitlistCount: 2 });
    expect(await standings([seated, first, second, third], activity.id)).toEqual([
      ['participant', null],
      ['waitlisted', 1],
      ['none', null],
      ['waitlisted', 2],
    ]);
    expect(ids(await everyParticipant(host, activity.id))).toEqual([host.id, seated.id]);
  });

  it('with nobody waiting, a seat is simply free again', async () => {
    const { host, guests, activity } = await activityWith(3, 2);
    await guests[0]?.api.invitations.activities.leave.mutate({ activityId: activity.id });
    expect(await get(host, activity.id)).toMatchObject({ participantCount: 2, remainingSeats: 1, waitlistCount: 0 });
  });

  it('leaving when not a member returns the view unchanged', async () => {
    const { host, activity } = await activityWith(2, 2);
    const outsider = await t.user('Outsider');
    const before = await get(outsider, activity.id);
    expect(await outsider.api.invitations.activities.leave.mutate({ activityId: activity.id })).toEqual(before);
    expect(await get(host, activity.id)).toMatchObject({ participantCount: 2, waitlistCount: 1 });
    // Twice is the same as once.
    const [leaver] = await signUp(t, 1, 'Twice');
    if (!leaver) throw new Error('a user expected');
    await leaver.api.invitations.activities.join.mutate({ activityId: activity.id });
    const once = await leaver.api.invitations.activities.leave.mutate({ activityId: activity.id });
    expect(await leaver.api.invitations.activities.leave.mutate({ activityId: activity.id })).toEqual(once);
  });

  it('leaving a cancelled activity either leaves you out or says why not; it never succeeds and keeps you in', async () => {
    const { host, guests, activity } = await activityWith(2, 2);
    const [seated, waiting] = guests;
    if (!seated || !waiting) throw new Error('two guests expected');
    await host.api.invitations.activities.cancel.mutate({ activityId: activity.id, reason: 'Rain.' });
    for (const member of [seated, waiting]) {
      const [outcome] = await settleAll([member.api.invitations.activities.leave.mutate({ activityId: activity.id })]);
      if (outcome === undefined) throw new Error('an outcome expected');
      if (outcome.ok) {
        // The contract: leave answers with myStatus 'none'; an answer that still has them in it did not leave.
        expect(outcome.value.myStatus).toBe('none');
        expect((await get(member, activity.id)).myStatus).toBe('none');
      } else {
        expect(outcome.error.data?.code).toBe('CONFLICT');
      }
    }
  });

  it('the host cannot leave: CONFLICT, saying to cancel instead', async () => {
    const { host, activity } = await activityWith(3, 1);
    const error = await expectError(host.api.invitations.activities.leave.mutate({ activityId: activity.id }), 'CONFLICT');
    expect(error.message).toMatch(/cancel/i);
    expect(await get(host, activity.id)).toMatchObject({ myStatus: 'host', participantCount: 2, status: 'scheduled' });
    expect(ids(await everyParticipant(host, activity.id))[0]).toBe(host.id);
  });

  it('someone who leaves and joins again goes to the back of the line', async () => {
    const { guests, activity } = await activityWith(2, 4);
    const [seated, first, second, third] = guests;
    if (!seated || !first || !second || !third) throw new Error('four guests expected');
    await first.api.invitations.activities.leave.mutate({ activityId: activity.id });
    expect(await first.api.invitations.activities.join.mutate({ activityId: activity.id })).toMatchObject({ status: 'waitlisted', waitlistPosition: 3 });
    // A participant who leaves gives the seat to the line, and rejoins behind it.
    await seated.api.invitations.activities.leave.mutate({ activityId: activity.id });
    expect(await seated.api.invitations.activities.join.mutate({ activityId: activity.id })).toMatchObject({ status: 'waitlisted', waitlistPosition: 3 });
    expect(await standings([seated, first, second, third], activity.id)).toEqual([
      ['waitlisted', 3],
      ['waitlisted', 2],
      ['participant', null],
      ['waitlisted', 1],
    ]);
  });
});

describe('removeParticipant', () => {
  it('the host removes a participant; the first in line takes the seat', async () => {
    const { host, guests, activity } = await activityWith(3, 4);
    const [removed, stays, first, second] = guests;
    if (!removed || !stays || !first || !second) throw new Error('four guests expected');
    const view = await host.api.invitations.activities.removeParticipant.mutate({ activityId: activity.id, userId: removed.id });
    expect(view).toMatchObject({ myStatus: 'host', participantCount: 3, waitlistCount: 1, remainingSeats: 0 });
    expect(await standings([removed, stays, first, second], activity.id)).toEqual([
      ['none', null],
      ['participant', null],
      ['participant', null],
      ['waitlisted', 1],
    ]);
    expect(ids(await everyParticipant(host, activity.id))).toEqual([host.id, stays.id, first.id]);
  });

  it('the host removes a waitlisted person; nobody is promoted and the line closes up', async () => {
    const { host, guests, activity } = await activityWith(2, 4);
    const [seated, first, second, third] = guests;
    if (!seated || !first || !second || !third) throw new Error('four guests expected');
    const view = await host.api.invitations.activities.removeParticipant.mutate({ activityId: activity.id, userId: first.id });
    expect(view).toMatchObject({ participantCount: 2, waitlistCount: 2 });
    expect(await standings([seated, first, second, third], activity.id)).toEqual([
      ['participant', null],
      ['none', null],
      ['waitlisted', 1],
      ['waitlisted', 2],
    ]);
  });

  it('the host cannot remove themself', async () => {
    const { host, activity } = await activityWith(3, 1);
    const error = await rejectionOf(host.api.invitations.activities.removeParticipant.mutate({ activityId: activity.id, userId: host.id }));
    // Either is the contract: a conflict with the host's own seat, or input that cannot be.
    expect(['CONFLICT 409', 'BAD_REQUEST 400']).toContain(`${error.data?.code} ${error.data?.httpStatus}`);
    expect(error.message.length).toBeGreaterThan(0);
    expect(await get(host, activity.id)).toMatchObject({ myStatus: 'host', participantCount: 2 });
  });
});
