import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { settleAll } from '../expect-error';
import { startTestServer, type TestServer, type TestUser } from '../harness';
import { listen } from '../realtime/listen';
import { activityEvents, everyParticipant, hostActivity, ids, joinInOrder, replaySeats, signUp, untilActivityEvents } from './helpers';

const SEATS = 10;

let t: TestServer;
beforeAll(async () => {
  t = await startTestServer();
});
afterAll(() => t.close());

const range = (n: number) => Array.from({ length: n }, (_, i) => i + 1);

/**
 * A full activity: the host and nine participants (joined one after another,
 * so their order is known), and `waiting` people in line in the order given.
 */
async function fullActivity(waitingCount: number) {
  const host = await t.user('Host');
  const [seated, waiting] = await Promise.all([signUp(t, SEATS - 1, 'Seated'), signUp(t, waitingCount, 'Waiting')]);
  const activity = await hostActivity(host, { capacity: SEATS });
  await joinInOrder(seated, activity.id);
  const lined = await joinInOrder(waiting, activity.id);
  expect(lined.map((j) => j.waitlistPosition)).toEqual(range(waitingCount));
  return { host, seated, waiting, activity };
}

/** Each user's own view of where they stand; positions are checked dense by the caller. */
async function standings(users: TestUser[], activityId: string) {
  return Promise.all(
    users.map(async (user) => {
      const view = await user.api.invitations.activities.get.query({ activityId });
      return { user, status: view.myStatus, position: view.myWaitlistPosition };
    }),
  );
}

describe('seats freed while new people join, all at once', () => {
  it(
    '5 leave while 20 join and 5 wait: the 5 waiting get the seats in their order, the 20 line up 1..20, never past the capacity',
    async () => {
      const { host, seated, waiting, activity } = await fullActivity(5);
      const hostHears = listen(host);
      const leavers = seated.slice(0, 5);
      const staying = seated.slice(5);
      const newcomers = await signUp(t, 20, 'Newcomer');

      const results = await settleAll<unknown>([
        ...leavers.map((u) => u.api.invitations.activities.leave.mutate({ activityId: activity.id })),
        ...newcomers.map((u) => u.api.invitations.activities.join.mutate({ activityId: activity.id })),
      ]);
      expect(results.flatMap((r) => (r.ok ? [] : [`${r.error.data?.code}: ${r.error.message}`]))).toEqual([]);

      const view = await host.api.invitations.activities.get.query({ activityId: activity.id });
      expect(view).toMatchObject({ participantCount: SEATS, remainingSeats: 0, waitlistCount: 20 });
      // Those already in line were ahead of every newcomer, so they and only they were promoted, in their order.
      expect(ids(await everyParticipant(host, activity.id, 4))).toEqual([host.id, ...ids(staying), ...ids(waiting)]);

      const newcomerStandings = await standings(newcomers, activity.id);
      for (const s of newcomerStandings) expect(s.status).toBe('waitlisted');
      expect(newcomerStandings.map((s) => s.position).sort((a, b) => (a ?? 0) - (b ?? 0))).toEqual(range(20));
      for (const s of await standings([...leavers], activity.id)) expect([s.status, s.position]).toEqual(['none', null]);

      await untilActivityEvents(hostHears, activity.id, 5, (e) => e.type === 'activity.promoted');
      await untilActivityEvents(hostHears, activity.id, 5, (e) => e.type === 'activity.left');
      await untilActivityEvents(hostHears, activity.id, SEATS - 1 + 5 + 20, (e) => e.type === 'activity.joined');
      const events = activityEvents(hostHears, activity.id);
      expect(events.filter((e) => e.type === 'activity.promoted').map((e) => e.userId)).toEqual(ids(waiting));
      const { seated: replayed, line } = replaySeats(events, SEATS, host.id);
      expect(replayed).toEqual(new Set([host.id, ...ids(staying), ...ids(waiting)]));
      // The line the history ends with is the one each newcomer sees.
      const byPosition = [...newcomerStandings].sort((a, b) => (a.position ?? 0) - (b.position ?? 0));
      expect(line).toEqual(byPosition.map((s) => s.user.id));
      hostHears.stop();
    },
    120_000,
  );

  it(
    '3 leave and 2 are removed while 20 join and only 2 wait: every freed seat goes to whoever was first in line at that moment',
    async () => {
      const { host, seated, waiting, activity } = await fullActivity(2);
      const hostHears = listen(host);
      const leavers = seated.slice(0, 3);
      const removed = seated.slice(3, 5);
      const newcomers = await signUp(t, 20, 'Newcomer');

      const results = await settleAll<unknown>([
        ...leavers.map((u) => u.api.invitations.activities.leave.mutate({ activityId: activity.id })),
        ...removed.map((u) => host.api.invitations.activities.removeParticipant.mutate({ activityId: activity.id, userId: u.id })),
        ...newcomers.map((u) => u.api.invitations.activities.join.mutate({ activityId: activity.id })),
      ]);
      expect(results.flatMap((r) => (r.ok ? [] : [`${r.error.data?.code}: ${r.error.message}`]))).toEqual([]);

      // Five seats freed, twenty-two wanted one: the activity is full and 17 wait.
      const view = await host.api.invitations.activities.get.query({ activityId: activity.id });
      expect(view).toMatchObject({ participantCount: SEATS, remainingSeats: 0, waitlistCount: 17 });
      const participants = ids(await everyParticipant(host, activity.id, 3));
      expect(participants).toHaveLength(SEATS);
      expect(participants.slice(0, 1 + 4 + 2)).toEqual([host.id, ...ids(seated.slice(5)), ...ids(waiting)]);

      const newcomerStandings = await standings(newcomers, activity.id);
      const newlySeated = newcomerStandings.filter((s) => s.status === 'participant');
      const stillWaiting = newcomerStandings.filter((s) => s.status === 'waitlisted');
      expect(newlySeated).toHaveLength(3);
      expect(stillWaiting).toHaveLength(17);
      expect(new Set(participants.slice(7))).toEqual(new Set(newlySeated.map((s) => s.user.id)));
      expect(stillWaiting.map((s) => s.position).sort((a, b) => (a ?? 0) - (b ?? 0))).toEqual(range(17));

      // The history decides who was first in line when: replayed, it must have given every seat by the rules.
      await untilActivityEvents(hostHears, activity.id, 5, (e) => e.type === 'activity.left');
      await untilActivityEvents(hostHears, activity.id, SEATS - 1 + 2 + 20, (e) => e.type === 'activity.joined');
      const events = activityEvents(hostHears, activity.id);
      const left = events.flatMap((e) => (e.type === 'activity.left' ? [[e.userId, e.removed] as const] : []));
      expect(new Map(left)).toEqual(new Map([...leavers.map((u) => [u.id, false] as const), ...removed.map((u) => [u.id, true] as const)]));
      const { seated: replayed, line } = replaySeats(events, SEATS, host.id);
      expect(replayed).toEqual(new Set(participants));
      expect(line).toEqual([...stillWaiting].sort((a, b) => (a.position ?? 0) - (b.position ?? 0)).map((s) => s.user.id));
      hostHears.stop();
    },
    120_000,
  );

  it(
    'round after round of leaves and joins racing keeps the seats full and the line dense',
    async () => {
      const { host, seated, waiting, activity } = await fullActivity(3);
      const everyone = [...seated, ...waiting];
      for (let round = 1; round <= 3; round++) {
        const seatedNow = new Set(ids(await everyParticipant(host, activity.id)));
        const leavers = everyone.filter((u) => seatedNow.has(u.id)).slice(0, 3);
        const newcomers = await signUp(t, 6, `Round ${round}`);
        everyone.push(...newcomers);
        const results = await settleAll<unknown>([
          ...leavers.map((u) => u.api.invitations.activities.leave.mutate({ activityId: activity.id })),
          ...newcomers.map((u) => u.api.invitations.activities.join.mutate({ activityId: activity.id })),
        ]);
        expect(results.flatMap((r) => (r.ok ? [] : [r.error.message]))).toEqual([]);
        const view = await host.api.invitations.activities.get.query({ activityId: activity.id });
        expect(view).toMatchObject({ participantCount: SEATS, remainingSeats: 0, waitlistCount: 3 + 3 * round });
        expect(await everyParticipant(host, activity.id)).toHaveLength(SEATS);
        const inLine = (await standings(everyone, activity.id)).filter((s) => s.status === 'waitlisted');
        expect(inLine.map((s) => s.position).sort((a, b) => (a ?? 0) - (b ?? 0))).toEqual(range(view.waitlistCount));
      }
    },
    120_000,
  );
});
