import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { unknownId } from '../connections/helpers';
import { expectError } from '../expect-error';
import { startTestServer, type TestServer, type TestUser } from '../harness';
import { everyParticipant, hostActivity, ids, type ActivityView } from './helpers';

let t: TestServer;
beforeAll(async () => {
  t = await startTestServer();
});
afterAll(() => t.close());

/**
 * Every procedure that takes an activity id, called by `user` on `activityId`.
 * Each is a thunk so a test can call them one at a time and compare answers.
 */
function everyCall(user: TestUser, activityId: string, otherUserId: string) {
  const api = user.api.invitations.activities;
  return {
    get: () => api.get.query({ activityId }),
    participants: () => api.participants.query({ activityId }),
    join: () => api.join.mutate({ activityId }),
    leave: () => api.leave.mutate({ activityId }),
    update: () => api.update.mutate({ activityId, title: 'Taken over' }),
    cancel: () => api.cancel.mutate({ activityId, reason: 'Not mine to cancel.' }),
    removeParticipant: () => api.removeParticipant.mutate({ activityId, userId: otherUserId }),
  };
}

const PROCEDURES = ['get', 'participants', 'join', 'leave', 'update', 'cancel', 'removeParticipant'] as const;

describe('a stranger and an invite-only activity', () => {
  it('gets NOT_FOUND from every procedure, with exactly the message an id that does not exist gets', async () => {
    const [host, guest, stranger] = await Promise.all([t.user('Host'), t.user('Guest'), t.user('Stranger')]);
    const activity = await hostActivity(host);
    await guest.api.invitations.activities.join.mutate({ activityId: activity.id });
    await host.api.invitations.activities.update.mutate({ activityId: activity.id, visibility: 'invite_only' });

    const real = everyCall(stranger, activity.id, guest.id);
    const missing = everyCall(stranger, unknownId(), guest.id);
    for (const name of PROCEDURES) {
      const hidden = await expectError(real[name](), 'NOT_FOUND');
      const absent = await expectError(missing[name](), 'NOT_FOUND');
      expect(hidden.message, name).toBe(absent.message);
      expect(hidden.data?.reason ?? null, name).toBe(absent.data?.reason ?? null);
    }
    // None of it changed anything.
    const after = await host.api.invitations.activities.get.query({ activityId: activity.id });
    expect(after).toMatchObject({ title: activity.title, status: 'scheduled', participantCount: 2, waitlistCount: 0, visibility: 'invite_only' });
    expect(ids(await everyParticipant(host, activity.id))).toEqual([host.id, guest.id]);
  });

  it('an activity created invite-only is hidden the same way from the start', async () => {
    const [host, stranger] = await Promise.all([t.user(), t.user()]);
    const activity = await hostActivity(host, { visibility: 'invite_only' });
    const absent = await expectError(stranger.api.invitations.activities.get.query({ activityId: unknownId() }), 'NOT_FOUND');
    const hidden = await expectError(stranger.api.invitations.activities.get.query({ activityId: activity.id }), 'NOT_FOUND');
    expect(hidden.message).toBe(absent.message);
    // Joining directly is not the way in; invitations are.
    await expectError(stranger.api.invitations.activities.join.mutate({ activityId: activity.id }), 'NOT_FOUND');
    expect((await host.api.invitations.activities.get.query({ activityId: activity.id })).participantCount).toBe(1);
  });

  it('the host sees and changes their own invite-only activity', async () => {
    const host = await t.user();
    const activity = await hostActivity(host, { visibility: 'invite_only' });
    expect(await host.api.invitations.activities.get.query({ activityId: activity.id })).toEqual(activity);
    expect(ids(await everyParticipant(host, activity.id))).toEqual([host.id]);
    expect((await host.api.invitations.activities.update.mutate({ activityId: activity.id, title: 'Renamed' })).title).toBe('Renamed');
  });
});

describe('members of an invite-only activity', () => {
  let host: TestUser;
  let seated: TestUser;
  let waiting: TestUser;
  let activity: ActivityView;
  beforeAll(async () => {
    [host, seated, waiting] = await Promise.all([t.user('Host'), t.user('Seated'), t.user('Waiting')]);
    activity = await hostActivity(host, { capacity: 2 });
    await seated.api.invitations.activities.join.mutate({ activityId: activity.id });
    await waiting.api.invitations.activities.join.mutate({ activityId: activity.id });
    // Joined while it was public; now only members see it.
    await host.api.invitations.activities.update.mutate({ activityId: activity.id, visibility: 'invite_only' });
  });

  it('see it and its participants, with their own status', async () => {
    expect(await seated.api.invitations.activities.get.query({ activityId: activity.id })).toMatchObject({
      visibility: 'invite_only',
      myStatus: 'participant',
      myWaitlistPosition: null,
    });
    expect(await waiting.api.invitations.activities.get.query({ activityId: activity.id })).toMatchObject({
      myStatus: 'waitlisted',
      myWaitlistPosition: 1,
    });
    expect(ids(await everyParticipant(seated, activity.id))).toEqual([host.id, seated.id]);
    expect(ids(await everyParticipant(waiting, activity.id))).toEqual([host.id, seated.id]);
  });

  it('joining again tells them where they are', async () => {
    expect(await seated.api.invitations.activities.join.mutate({ activityId: activity.id })).toMatchObject({ status: 'participant', waitlistPosition: null });
    expect(await waiting.api.invitations.activities.join.mutate({ activityId: activity.id })).toMatchObject({ status: 'waitlisted', waitlistPosition: 1 });
  });

  it('may not change, cancel or remove people from it: FORBIDDEN, since they can see it', async () => {
    for (const member of [seated, waiting]) {
      const calls = everyCall(member, activity.id, member === seated ? waiting.id : seated.id);
      await expectError(calls.update(), 'FORBIDDEN');
      await expectError(calls.cancel(), 'FORBIDDEN');
      await expectError(calls.removeParticipant(), 'FORBIDDEN');
    }
    expect(await host.api.invitations.activities.get.query({ activityId: activity.id })).toMatchObject({
      title: activity.title,
      status: 'scheduled',
      participantCount: 2,
      waitlistCount: 1,
    });
  });

  it('once they leave, it is hidden from them like from any stranger', async () => {
    const [extraHost, leaver] = await Promise.all([t.user(), t.user()]);
    const other = await hostActivity(extraHost);
    await leaver.api.invitations.activities.join.mutate({ activityId: other.id });
    await extraHost.api.invitations.activities.update.mutate({ activityId: other.id, visibility: 'invite_only' });
    const left = await leaver.api.invitations.activities.leave.mutate({ activityId: other.id });
    expect(left.myStatus).toBe('none');
    const absent = await expectError(leaver.api.invitations.activities.get.query({ activityId: unknownId() }), 'NOT_FOUND');
    const hidden = await expectError(leaver.api.invitations.activities.get.query({ activityId: other.id }), 'NOT_FOUND');
    expect(hidden.message).toBe(absent.message);
    await expectError(leaver.api.invitations.activities.join.mutate({ activityId: other.id }), 'NOT_FOUND');
  });
});

describe('anyone but the host, on a public activity', () => {
  it('gets FORBIDDEN on update, cancel and removeParticipant, whether a participant, waitlisted or a stranger; nothing changes', async () => {
    const [host, seated, waiting, stranger] = await Promise.all([t.user('Host'), t.user('Seated'), t.user('Waiting'), t.user('Stranger')]);
    const activity = await hostActivity(host, { capacity: 2 });
    await seated.api.invitations.activities.join.mutate({ activityId: activity.id });
    await waiting.api.invitations.activities.join.mutate({ activityId: activity.id });
    for (const user of [seated, waiting, stranger]) {
      const calls = everyCall(user, activity.id, user === seated ? waiting.id : seated.id);
      await expectError(calls.update(), 'FORBIDDEN');
      await expectError(calls.cancel(), 'FORBIDDEN');
      await expectError(calls.removeParticipant(), 'FORBIDDEN');
      // Not even themselves: leaving is what leave is for.
      await expectError(user.api.invitations.activities.removeParticipant.mutate({ activityId: activity.id, userId: user.id }), 'FORBIDDEN');
      await expectError(user.api.invitations.activities.removeParticipant.mutate({ activityId: activity.id, userId: host.id }), 'FORBIDDEN');
    }
    const after = await host.api.invitations.activities.get.query({ activityId: activity.id });
    expect(after).toMatchObject({ title: activity.title, status: 'scheduled', cancelReason: null, participantCount: 2, waitlistCount: 1 });
    expect(ids(await everyParticipant(host, activity.id))).toEqual([host.id, seated.id]);
  });

  it('sees it with get and participants as someone not in it', async () => {
    const [host, stranger] = await Promise.all([t.user(), t.user()]);
    const activity = await hostActivity(host);
    expect(await stranger.api.invitations.activities.get.query({ activityId: activity.id })).toEqual({ ...activity, myStatus: 'none' });
    expect(ids(await everyParticipant(stranger, activity.id))).toEqual([host.id]);
  });
});
