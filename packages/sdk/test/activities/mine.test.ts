import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../harness';
import { DAY, everyMine, fromNow, HOUR, hostActivity, ids, plus } from './helpers';

let t: TestServer;
beforeAll(async () => {
  t = await startTestServer();
});
afterAll(() => t.close());

describe('mine: hosting', () => {
  it('lists what I host, public and invite-only, soonest start first, and pages without duplicates or gaps', async () => {
    const host = await t.user();
    // Made out of order, two at the same start, so the order is the list's doing and ties need the id.
    const sameStart = fromNow(3 * DAY);
    const made = [
      await hostActivity(host, { startsAt: fromNow(5 * DAY), title: 'Fifth day' }),
      await hostActivity(host, { startsAt: fromNow(1 * DAY), title: 'First day', visibility: 'invite_only' }),
      await hostActivity(host, { startsAt: sameStart, title: 'Third day A' }),
      await hostActivity(host, { startsAt: sameStart, title: 'Third day B' }),
      await hostActivity(host, { startsAt: fromNow(2 * DAY), title: 'Second day' }),
    ];
    const listed = await everyMine(host, { role: 'hosting', when: 'upcoming' });
    const starts = listed.map((a) => Date.parse(a.startsAt));
    expect(starts).toEqual([...starts].sort((a, b) => a - b));
    expect(new Set(ids(listed))).toEqual(new Set(ids(made)));
    for (const a of listed) expect(a.myStatus).toBe('host');
    for (const limit of [1, 2, 3]) expect(ids(await everyMine(host, { role: 'hosting' }, limit))).toEqual(ids(listed));
    // Someone else's hosting list is their own.
    expect(await everyMine(await t.user(), { role: 'hosting' })).toEqual([]);
  });
});

describe('mine: joined and waitlisted', () => {
  it('joined lists where I hold a seat, not what I host or wait for; waitlisted lists where I wait, with my position', async () => {
    const [me, a, b, c] = await Promise.all([t.user('Me'), t.user('A'), t.user('B'), t.user('C')]);
    const mine = await hostActivity(me, { startsAt: fromNow(DAY) });
    const later = await hostActivity(a, { startsAt: fromNow(4 * DAY) });
    const sooner = await hostActivity(b, { startsAt: fromNow(2 * DAY) });
    const full = await hostActivity(c, { startsAt: fromNow(3 * DAY), capacity: 2 });
    const other = await t.user('Other');
    await other.api.invitations.activities.join.mutate({ activityId: full.id });
    for (const activity of [later, sooner, full]) await me.api.invitations.activities.join.mutate({ activityId: activity.id });

    const joined = await everyMine(me, { role: 'joined' });
    expect(ids(joined)).toEqual([sooner.id, later.id]);
    for (const activity of joined) expect(activity).toMatchObject({ myStatus: 'participant', myWaitlistPosition: null });
    const waitlisted = await everyMine(me, { role: 'waitlisted' });
    expect(ids(waitlisted)).toEqual([full.id]);
    expect(waitlisted[0]).toMatchObject({ myStatus: 'waitlisted', myWaitlistPosition: 1 });
    expect(ids(await everyMine(me, { role: 'hosting' }))).toEqual([mine.id]);
  });

  it('follows what happens: a leave drops it from joined, a promotion moves it from waitlisted to joined', async () => {
    const [me, host, seated] = await Promise.all([t.user('Me'), t.user('Host'), t.user('Seated')]);
    const activity = await hostActivity(host, { capacity: 2 });
    await seated.api.invitations.activities.join.mutate({ activityId: activity.id });
    await me.api.invitations.activities.join.mutate({ activityId: activity.id });
    expect(ids(await everyMine(me, { role: 'waitlisted' }))).toEqual([activity.id]);
    expect(await everyMine(me, { role: 'joined' })).toEqual([]);

    await seated.api.invitations.activities.leave.mutate({ activityId: activity.id });
    expect(await everyMine(me, { role: 'waitlisted' })).toEqual([]);
    expect(ids(await everyMine(me, { role: 'joined' }))).toEqual([activity.id]);
    expect(await everyMine(seated, { role: 'joined' })).toEqual([]);

    await host.api.invitations.activities.removeParticipant.mutate({ activityId: activity.id, userId: me.id });
    expect(await everyMine(me, { role: 'joined' })).toEqual([]);
  });

  it('when the host moves the time, a participant’s list is in the new order', async () => {
    const [me, hostA, hostB] = await Promise.all([t.user('Me'), t.user('Host A'), t.user('Host B')]);
    const first = await hostActivity(hostA, { startsAt: fromNow(DAY) });
    const second = await hostActivity(hostB, { startsAt: fromNow(2 * DAY) });
    for (const activity of [first, second]) await me.api.invitations.activities.join.mutate({ activityId: activity.id });
    expect(ids(await everyMine(me, { role: 'joined' }))).toEqual([first.id, second.id]);
    const startsAt = fromNow(3 * DAY);
    await hostA.api.invitations.activities.update.mutate({ activityId: first.id, startsAt, endsAt: plus(startsAt, HOUR) });
    const after = await everyMine(me, { role: 'joined' });
    expect(ids(after)).toEqual([second.id, first.id]);
    expect(after[1]?.startsAt).toBe(startsAt);
  });

  it('pages through many, soonest first, with no duplicates or gaps', async () => {
    const me = await t.user('Me');
    const hosts = await Promise.all(Array.from({ length: 7 }, (_, i) => t.user(`Host ${i}`)));
    const sameStart = fromNow(6 * DAY);
    const activities = await Promise.all(
      hosts.map((host, i) => hostActivity(host, { startsAt: i < 3 ? sameStart : fromNow((i + 1) * DAY + i * HOUR) })),
    );
    for (const activity of activities) await me.api.invitations.activities.join.mutate({ activityId: activity.id });
    const whole = await everyMine(me, { role: 'joined' });
    expect(new Set(ids(whole))).toEqual(new Set(ids(activities)));
    const starts = whole.map((a) => Date.parse(a.startsAt));
    expect(starts).toEqual([...starts].sort((a, b) => a - b));
    for (const limit of [1, 2, 4]) expect(ids(await everyMine(me, { role: 'joined' }, limit))).toEqual(ids(whole));
  });

  it('upcoming is the default, and nothing has ended yet so past is empty', async () => {
    const me = await t.user();
    const activity = await hostActivity(me);
    expect(ids((await me.api.invitations.activities.mine.query({ role: 'hosting' })).items)).toEqual([activity.id]);
    expect(await everyMine(me, { role: 'hosting', when: 'past' })).toEqual([]);
  });
});
