import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer, type TestUser } from '../harness';
import { listen, type Listener } from '../realtime/listen';
import { activityEvents, DAY, fence, fromNow, HOUR, hostActivity, isActivityEvent, plus, type ActivityEvent, type UpdateInput } from './helpers';

let t: TestServer;
beforeAll(async () => {
  t = await startTestServer();
});
afterAll(() => t.close());

/** Named users, each with a listener from the start of the log (new users: exactly their own events). */
async function cast<const N extends readonly string[]>(...names: N) {
  const users = await Promise.all(names.map((name) => t.user(name)));
  return users.map((user) => ({ user, hears: listen(user) }));
}

type Member = { user: TestUser; hears: Listener };

const pairs = (members: Member[]): [TestUser, Listener][] => members.map((m) => [m.user, m.hears]);

/** What a listener heard about the activity, without `at` (the time), for exact comparison. */
const heard = (m: Member, activityId: string) => activityEvents(m.hears, activityId).map(({ at: _at, ...rest }) => rest);

const joined = (activityId: string, user: TestUser, status: 'participant' | 'waitlisted') => ({
  type: 'activity.joined' as const,
  activityId,
  userId: user.id,
  status,
});
const left = (activityId: string, user: TestUser, removed: boolean) => ({ type: 'activity.left' as const, activityId, userId: user.id, removed });
const promoted = (activityId: string, user: TestUser) => ({ type: 'activity.promoted' as const, activityId, userId: user.id });

function stopAll(members: Member[]) {
  for (const m of members) {
    expect(m.hears.errors).toEqual([]);
    m.hears.stop();
  }
}

describe('activity.joined', () => {
  it('goes to the joiner and the host, with the status; not to other participants or strangers; a repeat join sends nothing', async () => {
    const [host, seated, waiting, stranger] = await cast('Host', 'Seated', 'Waiting', 'Stranger');
    if (!host || !seated || !waiting || !stranger) throw new Error('four users expected');
    const activity = await hostActivity(host.user, { capacity: 2 });
    const id = activity.id;
    await seated.user.api.invitations.activities.join.mutate({ activityId: id });
    await waiting.user.api.invitations.activities.join.mutate({ activityId: id });
    await seated.user.api.invitations.activities.join.mutate({ activityId: id });
    await waiting.user.api.invitations.activities.join.mutate({ activityId: id });
    await fence(t, pairs([host, seated, waiting, stranger]));

    expect(heard(host, id)).toEqual([joined(id, seated.user, 'participant'), joined(id, waiting.user, 'waitlisted')]);
    // The seated one is not told that someone joined the line behind them.
    expect(heard(seated, id)).toEqual([joined(id, seated.user, 'participant')]);
    expect(heard(waiting, id)).toEqual([joined(id, waiting.user, 'waitlisted')]);
    expect(heard(stranger, id)).toEqual([]);
    // Every delivered event has a time.
    for (const e of activityEvents(host.hears, id)) expect(Date.parse(e.at)).not.toBeNaN();
    stopAll([host, seated, waiting, stranger]);
  });
});

describe('activity.left and activity.promoted', () => {
  it('a leave tells the leaver and the host; the promotion it causes tells the promoted and the host; nobody else hears either', async () => {
    const [host, leaver, first, second, outsider] = await cast('Host', 'Leaver', 'First', 'Second', 'Outsider');
    if (!host || !leaver || !first || !second || !outsider) throw new Error('five users expected');
    const activity = await hostActivity(host.user, { capacity: 2 });
    const id = activity.id;
    for (const m of [leaver, first, second]) await m.user.api.invitations.activities.join.mutate({ activityId: id });
    await leaver.user.api.invitations.activities.leave.mutate({ activityId: id });
    // Leaving what you are not in changes nothing and tells nobody.
    await outsider.user.api.invitations.activities.leave.mutate({ activityId: id });
    await leaver.user.api.invitations.activities.leave.mutate({ activityId: id });
    await fence(t, pairs([host, leaver, first, second, outsider]));

    const hostHeard = heard(host, id);
    expect(hostHeard.slice(0, 3)).toEqual([joined(id, leaver.user, 'participant'), joined(id, first.user, 'waitlisted'), joined(id, second.user, 'waitlisted')]);
    // The leave and the promotion are one transaction: either order within it is fine.
    expect(hostHeard.slice(3)).toHaveLength(2);
    expect(hostHeard.slice(3)).toEqual(expect.arrayContaining([left(id, leaver.user, false), promoted(id, first.user)]));
    expect(heard(leaver, id)).toEqual([joined(id, leaver.user, 'participant'), left(id, leaver.user, false)]);
    expect(heard(first, id)).toEqual([joined(id, first.user, 'waitlisted'), promoted(id, first.user)]);
    // Moving up from 2 to 1 is not a promotion: only the joined event.
    expect(heard(second, id)).toEqual([joined(id, second.user, 'waitlisted')]);
    expect(heard(outsider, id)).toEqual([]);
    stopAll([host, leaver, first, second, outsider]);
  });

  it('a waitlisted person leaving tells them and the host, and promotes nobody', async () => {
    const [host, seated, waiting] = await cast('Host', 'Seated', 'Waiting');
    if (!host || !seated || !waiting) throw new Error('three users expected');
    const activity = await hostActivity(host.user, { capacity: 2 });
    const id = activity.id;
    await seated.user.api.invitations.activities.join.mutate({ activityId: id });
    await waiting.user.api.invitations.activities.join.mutate({ activityId: id });
    await waiting.user.api.invitations.activities.leave.mutate({ activityId: id });
    await fence(t, pairs([host, seated, waiting]));
    expect(heard(host, id)).toEqual([joined(id, seated.user, 'participant'), joined(id, waiting.user, 'waitlisted'), left(id, waiting.user, false)]);
    expect(heard(waiting, id)).toEqual([joined(id, waiting.user, 'waitlisted'), left(id, waiting.user, false)]);
    expect(heard(seated, id)).toEqual([joined(id, seated.user, 'participant')]);
    stopAll([host, seated, waiting]);
  });

  it('a removal is activity.left with removed: true, to the removed person and the host, and promotes the first in line', async () => {
    const [host, removedSeat, first, removedWait, bystander] = await cast('Host', 'Removed Seat', 'First', 'Removed Wait', 'Bystander');
    if (!host || !removedSeat || !first || !removedWait || !bystander) throw new Error('five users expected');
    const activity = await hostActivity(host.user, { capacity: 3 });
    const id = activity.id;
    for (const m of [bystander, removedSeat, first, removedWait]) await m.user.api.invitations.activities.join.mutate({ activityId: id });
    // First a waitlisted person (no seat frees), then a participant (the first in line moves up).
    await host.user.api.invitations.activities.removeParticipant.mutate({ activityId: id, userId: removedWait.user.id });
    await host.user.api.invitations.activities.removeParticipant.mutate({ activityId: id, userId: removedSeat.user.id });
    await fence(t, pairs([host, removedSeat, first, removedWait, bystander]));

    const hostHeard = heard(host, id);
    expect(hostHeard.slice(0, 5)).toEqual([
      joined(id, bystander.user, 'participant'),
      joined(id, removedSeat.user, 'participant'),
      joined(id, first.user, 'waitlisted'),
      joined(id, removedWait.user, 'waitlisted'),
      left(id, removedWait.user, true),
    ]);
    expect(hostHeard.slice(5)).toHaveLength(2);
    expect(hostHeard.slice(5)).toEqual(expect.arrayContaining([left(id, removedSeat.user, true), promoted(id, first.user)]));
    expect(heard(removedSeat, id)).toEqual([joined(id, removedSeat.user, 'participant'), left(id, removedSeat.user, true)]);
    expect(heard(removedWait, id)).toEqual([joined(id, removedWait.user, 'waitlisted'), left(id, removedWait.user, true)]);
    expect(heard(first, id)).toEqual([joined(id, first.user, 'waitlisted'), promoted(id, first.user)]);
    expect(heard(bystander, id)).toEqual([joined(id, bystander.user, 'participant')]);
    stopAll([host, removedSeat, first, removedWait, bystander]);
  });
});

describe('activity.promoted between members who block each other', () => {
  // A block is between two people; it does not stop them sharing someone else's activity.
  // The promotion is news for the promoted person, whoever's leave caused it.
  it.each([
    ['the promoted person blocked the leaver', 'promoted'],
    ['the leaver blocked the promoted person', 'leaver'],
  ] as const)('still reaches the promoted person when %s', async (_, blocker) => {
    const [host, leaver, first] = await cast('Host', 'Leaver', 'First');
    if (!host || !leaver || !first) throw new Error('three users expected');
    const activity = await hostActivity(host.user, { capacity: 2 });
    const id = activity.id;
    await leaver.user.api.invitations.activities.join.mutate({ activityId: id });
    await first.user.api.invitations.activities.join.mutate({ activityId: id });
    const [from, to] = blocker === 'promoted' ? [first, leaver] : [leaver, first];
    await from.user.api.connections.create.mutate({ targetUserId: to.user.id, type: 'block' });
    await leaver.user.api.invitations.activities.leave.mutate({ activityId: id });
    expect((await first.user.api.invitations.activities.get.query({ activityId: id })).myStatus).toBe('participant');
    await fence(t, pairs([host, leaver, first]));
    expect(heard(first, id)).toEqual([joined(id, first.user, 'waitlisted'), promoted(id, first.user)]);
    expect(heard(host, id)).toEqual(expect.arrayContaining([promoted(id, first.user), left(id, leaver.user, false)]));
    stopAll([host, leaver, first]);
  });
});

describe('activity.promoted by a capacity raise', () => {
  it('tells each person seated from the line, and the host; nobody still waiting', async () => {
    const [host, seated, first, second, third] = await cast('Host', 'Seated', 'First', 'Second', 'Third');
    if (!host || !seated || !first || !second || !third) throw new Error('five users expected');
    const activity = await hostActivity(host.user, { capacity: 2 });
    const id = activity.id;
    for (const m of [seated, first, second, third]) await m.user.api.invitations.activities.join.mutate({ activityId: id });
    await host.user.api.invitations.activities.update.mutate({ activityId: id, capacity: 4 });
    await fence(t, pairs([host, seated, first, second, third]));
    expect(heard(first, id).filter((e) => e.type === 'activity.promoted')).toEqual([promoted(id, first.user)]);
    expect(heard(second, id).filter((e) => e.type === 'activity.promoted')).toEqual([promoted(id, second.user)]);
    expect(heard(third, id).filter((e) => e.type === 'activity.promoted')).toEqual([]);
    expect(heard(seated, id).filter((e) => e.type === 'activity.promoted')).toEqual([]);
    expect(heard(host, id).filter((e) => e.type === 'activity.promoted')).toEqual([promoted(id, first.user), promoted(id, second.user)]);
    stopAll([host, seated, first, second, third]);
  });
});

describe('activity.updated', () => {
  it('reaches every member, host, participants and the waitlist, saying what changed; not strangers or those who left', async () => {
    const [host, seated, waiting, formerly, stranger] = await cast('Host', 'Seated', 'Waiting', 'Formerly', 'Stranger');
    if (!host || !seated || !waiting || !formerly || !stranger) throw new Error('five users expected');
    const activity = await hostActivity(host.user, { capacity: 2, place: { latitude: 52, longitude: 5 } });
    const id = activity.id;
    for (const m of [seated, waiting, formerly]) await m.user.api.invitations.activities.join.mutate({ activityId: id });
    await formerly.user.api.invitations.activities.leave.mutate({ activityId: id });

    const update = (fields: Omit<UpdateInput, 'activityId'>) =>
      host.user.api.invitations.activities.update.mutate({ activityId: id, ...fields });
    const startsAt = fromNow(4 * DAY);
    await update({ title: 'Sunday run, 12 km' });
    const moved = await update({ startsAt, endsAt: plus(startsAt, 90 * 60_000) });
    await update({ place: { latitude: 52.2, longitude: 5.2 } });
    await update({ visibility: 'invite_only' });
    await update({ description: 'Bring water.' });
    const final = await update({ capacity: 4 });
    await fence(t, pairs([host, seated, waiting, formerly, stranger]));

    const expected = [['title'], ['time'], ['place'], ['visibility'], ['details'], ['capacity']];
    for (const member of [host, seated, waiting]) {
      const updates = activityEvents(member.hears, id).flatMap((e) => (e.type === 'activity.updated' ? [e] : []));
      expect(updates.map((e) => [...e.changed].sort())).toEqual(expected);
      // Each carries the time and place as they were after that change.
      expect(updates[1]).toMatchObject({ startsAt: moved.startsAt, endsAt: moved.endsAt, locationLabel: activity.locationLabel });
      expect(updates[0]).toMatchObject({ startsAt: activity.startsAt, endsAt: activity.endsAt });
      expect(updates[5]).toMatchObject({ startsAt: final.startsAt, endsAt: final.endsAt, locationLabel: final.locationLabel });
    }
    for (const outsider of [formerly, stranger]) {
      expect(activityEvents(outsider.hears, id).filter((e) => e.type === 'activity.updated')).toEqual([]);
    }
    stopAll([host, seated, waiting, formerly, stranger]);
  });

  it('a change of several fields names each; a new location label counts as the place, new tags as the details', async () => {
    const [host, seated] = await cast('Host', 'Seated');
    if (!host || !seated) throw new Error('two users expected');
    const activity = await hostActivity(host.user);
    const id = activity.id;
    await seated.user.api.invitations.activities.join.mutate({ activityId: id });
    await host.user.api.invitations.activities.update.mutate({ activityId: id, title: 'Evening run', endsAt: plus(activity.endsAt, HOUR) });
    await host.user.api.invitations.activities.update.mutate({ activityId: id, locationLabel: 'East gate' });
    await host.user.api.invitations.activities.update.mutate({ activityId: id, tags: ['running'] });
    await fence(t, pairs([host, seated]));
    const updates = activityEvents(seated.hears, id).flatMap((e) => (e.type === 'activity.updated' ? [e] : []));
    expect(updates).toHaveLength(3);
    expect([...(updates[0]?.changed ?? [])].sort()).toEqual(['time', 'title']);
    expect(updates[1]?.changed).toContain('place');
    expect(updates[1]?.locationLabel).toBe('East gate');
    expect(updates[2]?.changed).toContain('details');
    stopAll([host, seated]);
  });
});

describe('activity.cancelled', () => {
  it('reaches every member with the reason, once; not strangers or those who left', async () => {
    const [host, seated, waiting, formerly, stranger] = await cast('Host', 'Seated', 'Waiting', 'Formerly', 'Stranger');
    if (!host || !seated || !waiting || !formerly || !stranger) throw new Error('five users expected');
    const activity = await hostActivity(host.user, { capacity: 2 });
    const id = activity.id;
    for (const m of [seated, formerly, waiting]) await m.user.api.invitations.activities.join.mutate({ activityId: id });
    await formerly.user.api.invitations.activities.leave.mutate({ activityId: id });
    await host.user.api.invitations.activities.cancel.mutate({ activityId: id, reason: 'Storm warning.' });
    await host.user.api.invitations.activities.cancel.mutate({ activityId: id, reason: 'Said twice.' });
    await fence(t, pairs([host, seated, waiting, formerly, stranger]));

    const cancelled = { type: 'activity.cancelled', activityId: id, reason: 'Storm warning.' };
    for (const member of [host, seated, waiting]) {
      expect(heard(member, id).filter((e) => e.type === 'activity.cancelled')).toEqual([cancelled]);
    }
    for (const outsider of [formerly, stranger]) {
      expect(heard(outsider, id).filter((e) => e.type === 'activity.cancelled')).toEqual([]);
    }
    // Having left before the cancel, they heard only their own join and leave.
    expect(heard(formerly, id).map((e) => e.type)).toEqual(['activity.joined', 'activity.left']);
    stopAll([host, seated, waiting, formerly, stranger]);
  });
});

describe('resume', () => {
  it('a stream resumed from the last event id gets exactly the activity events after it', async () => {
    const [host, guest] = await Promise.all([t.user('Host'), t.user('Guest')]);
    const activity = await hostActivity(host, { capacity: 2 });
    const first = listen(host);
    await guest.api.invitations.activities.join.mutate({ activityId: activity.id });
    await first.until((events) => events.some(isActivityEvent));
    const lastId = first.lastId();
    first.stop();
    if (lastId === undefined) throw new Error('an event id expected');

    await guest.api.invitations.activities.leave.mutate({ activityId: activity.id });
    await host.api.invitations.activities.cancel.mutate({ activityId: activity.id, reason: 'Nobody left.' });
    const resumed = listen(host, lastId);
    await resumed.until((events) => events.some((e) => e.type === 'activity.cancelled'));
    const types = resumed.events.filter(isActivityEvent).map((e: ActivityEvent) => e.type);
    expect(types).toEqual(['activity.left', 'activity.cancelled']);
    resumed.stop();
  });
});
