import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { settleAll } from '../expect-error';
import { startTestServer, type TestServer } from '../harness';
import { listen } from '../realtime/listen';
import { activityEvents, everyParticipant, fence, hostActivity, ids, joinInOrder, replaySeats, signUp, untilActivityEvents } from './helpers';

const SEATS = 10;
const JOINERS = 100;

let t: TestServer;
beforeAll(async () => {
  t = await startTestServer();
});
afterAll(() => t.close());

const range = (n: number) => Array.from({ length: n }, (_, i) => i + 1);

describe(`${JOINERS} different users join a ${SEATS}-seat activity at once`, () => {
  it(
    'seats exactly the capacity (the host and nine), lines up the rest 1..91 once each, and every count agrees with the lists',
    async () => {
      const host = await t.user('Host');
      const joiners = await signUp(t, JOINERS, 'Joiner');
      const activity = await hostActivity(host, { capacity: SEATS });
      const hostHears = listen(host);

      const results = await settleAll(joiners.map((u) => u.api.invitations.activities.join.mutate({ activityId: activity.id })));
      expect(results.flatMap((r) => (r.ok ? [] : [`${r.error.data?.code}: ${r.error.message}`]))).toEqual([]);
      const outcomes = results.flatMap((r, i) => (r.ok ? [{ user: joiners[i], ...r.value }] : []));

      const seated = outcomes.filter((o) => o.status === 'participant');
      const waiting = outcomes.filter((o) => o.status === 'waitlisted');
      expect(seated).toHaveLength(SEATS - 1);
      expect(waiting).toHaveLength(JOINERS - SEATS + 1);
      for (const o of seated) expect(o.waitlistPosition).toBeNull();
      // Nobody left, so the position each was given at join is still theirs, and together they are 1..91.
      expect(waiting.map((o) => o.waitlistPosition).sort((a, b) => (a ?? 0) - (b ?? 0))).toEqual(range(JOINERS - SEATS + 1));

      const view = await host.api.invitations.activities.get.query({ activityId: activity.id });
      expect(view).toMatchObject({ capacity: SEATS, participantCount: SEATS, remainingSeats: 0, waitlistCount: JOINERS - SEATS + 1 });

      // The participants list, walked in small pages, is the host and exactly the nine told they had a seat.
      const listed = await everyParticipant(host, activity.id, 3);
      expect(listed).toHaveLength(view.participantCount);
      expect(listed[0]?.id).toBe(host.id);
      expect(new Set(ids(listed)).size).toBe(listed.length);
      expect(new Set(ids(listed.slice(1)))).toEqual(new Set(seated.map((o) => o.user?.id)));

      // Each sees their own standing as the join said.
      const seen = await Promise.all(
        outcomes.map(async (o) => {
          const mine = await o.user?.api.invitations.activities.get.query({ activityId: activity.id });
          return [mine?.myStatus, mine?.myWaitlistPosition] as const;
        }),
      );
      expect(seen).toEqual(outcomes.map((o) => [o.status, o.waitlistPosition] as const));

      // The host heard of every join, and the joins, in the log's order, make a history that never overfilled.
      await untilActivityEvents(hostHears, activity.id, JOINERS, (e) => e.type === 'activity.joined');
      const joined = activityEvents(hostHears, activity.id);
      expect(joined.filter((e) => e.type === 'activity.joined')).toHaveLength(JOINERS);
      const { seated: replayed, line } = replaySeats(joined, SEATS, host.id);
      expect(replayed).toEqual(new Set([host.id, ...seated.map((o) => o.user?.id)]));
      expect(line).toEqual([...waiting].sort((a, b) => (a.waitlistPosition ?? 0) - (b.waitlistPosition ?? 0)).map((o) => o.user?.id));
      hostHears.stop();
    },
    120_000,
  );
});

describe('other races', () => {
  it('one user joining 20 times at once holds one seat', async () => {
    const [host, guest] = await Promise.all([t.user(), t.user()]);
    const activity = await hostActivity(host, { capacity: 5 });
    const results = await settleAll(Array.from({ length: 20 }, () => guest.api.invitations.activities.join.mutate({ activityId: activity.id })));
    expect(results.flatMap((r) => (r.ok ? [] : [r.error.message]))).toEqual([]);
    for (const r of results) expect(r.ok ? r.value.status : null).toBe('participant');
    expect(await host.api.invitations.activities.get.query({ activityId: activity.id })).toMatchObject({ participantCount: 2, waitlistCount: 0 });
    expect(ids(await everyParticipant(host, activity.id))).toEqual([host.id, guest.id]);
  });

  it('one user joining a full activity 20 times at once holds one place in line', async () => {
    const host = await t.user();
    const [seated, waiting] = await signUp(t, 2);
    if (!seated || !waiting) throw new Error('two users expected');
    const activity = await hostActivity(host, { capacity: 2 });
    await seated.api.invitations.activities.join.mutate({ activityId: activity.id });
    const results = await settleAll(Array.from({ length: 20 }, () => waiting.api.invitations.activities.join.mutate({ activityId: activity.id })));
    for (const r of results) expect(r.ok ? [r.value.status, r.value.waitlistPosition] : r.error.message).toEqual(['waitlisted', 1]);
    expect(await host.api.invitations.activities.get.query({ activityId: activity.id })).toMatchObject({ participantCount: 2, waitlistCount: 1 });
  });

  it('joins racing a cancel: each join either landed before the cancel or is CONFLICT; the counts match the members', async () => {
    const host = await t.user();
    const guests = await signUp(t, 20, 'Racer');
    const activity = await hostActivity(host, { capacity: 5 });
    const [cancel, ...joins] = await settleAll<unknown>([
      host.api.invitations.activities.cancel.mutate({ activityId: activity.id, reason: 'Called off.' }),
      ...guests.map((u) => u.api.invitations.activities.join.mutate({ activityId: activity.id })),
    ]);
    expect(cancel?.ok).toBe(true);
    for (const r of joins) if (!r.ok) expect(r.error.data?.code).toBe('CONFLICT');
    const landed = joins.filter((r) => r.ok).length;
    const view = await host.api.invitations.activities.get.query({ activityId: activity.id });
    expect(view.status).toBe('cancelled');
    expect(view.participantCount + view.waitlistCount).toBe(1 + landed);
    expect(view.participantCount).toBeLessThanOrEqual(5);
    expect(await everyParticipant(host, activity.id)).toHaveLength(view.participantCount);
  });
  it('the same participant leaving 10 times at once, or removed 10 times at once, frees one seat and promotes one person', async () => {
    const host = await t.user();
    const [leaver, removed, stays, ...line] = await signUp(t, 6);
    if (!leaver || !removed || !stays) throw new Error('six users expected');
    const activity = await hostActivity(host, { capacity: 4 });
    await joinInOrder([leaver, removed, stays, ...line], activity.id);
    const hostHears = listen(host);

    const leaves = await settleAll(Array.from({ length: 10 }, () => leaver.api.invitations.activities.leave.mutate({ activityId: activity.id })));
    expect(leaves.flatMap((r) => (r.ok ? [] : [r.error.message]))).toEqual([]);
    const removals = await settleAll(
      Array.from({ length: 10 }, () => host.api.invitations.activities.removeParticipant.mutate({ activityId: activity.id, userId: removed.id })),
    );
    expect(removals.flatMap((r) => (r.ok ? [] : [r.error.message]))).toEqual([]);

    expect(await host.api.invitations.activities.get.query({ activityId: activity.id })).toMatchObject({ participantCount: 4, waitlistCount: 1 });
    expect(ids(await everyParticipant(host, activity.id))).toEqual([host.id, stays.id, ...ids(line.slice(0, 2))]);
    await untilActivityEvents(hostHears, activity.id, 2, (e) => e.type === 'activity.promoted');
    await untilActivityEvents(hostHears, activity.id, 2, (e) => e.type === 'activity.left');
    await fence(t, [[host, hostHears]]);
    const events = activityEvents(hostHears, activity.id);
    expect(events.filter((e) => e.type === 'activity.promoted').map((e) => e.userId)).toEqual(ids(line.slice(0, 2)));
    expect(events.filter((e) => e.type === 'activity.left')).toHaveLength(2);
    hostHears.stop();
  });

  it('a capacity cut racing joins never seats more than the capacity it ends with', async () => {
    for (let round = 0; round < 3; round++) {
      const host = await t.user();
      const [seated, racers] = await Promise.all([signUp(t, 6, 'Seated'), signUp(t, 6, 'Racer')]);
      const activity = await hostActivity(host, { capacity: 10 });
      await joinInOrder(seated, activity.id);
      // 7 seated of 10; cutting to 8 while six more try to join.
      const [cut, ...joins] = await settleAll<unknown>([
        host.api.invitations.activities.update.mutate({ activityId: activity.id, capacity: 8 }),
        ...racers.map((u) => u.api.invitations.activities.join.mutate({ activityId: activity.id })),
      ]);
      expect(joins.flatMap((r) => (r.ok ? [] : [r.error.message]))).toEqual([]);
      if (cut !== undefined && !cut.ok) expect(cut.error.data?.code).toBe('CONFLICT');
      const view = await host.api.invitations.activities.get.query({ activityId: activity.id });
      expect(view.capacity).toBe(cut?.ok ? 8 : 10);
      expect(view.participantCount).toBe(view.capacity);
      expect(view.participantCount + view.waitlistCount).toBe(1 + 6 + 6);
      expect(await everyParticipant(host, activity.id)).toHaveLength(view.participantCount);
    }
  });
});
