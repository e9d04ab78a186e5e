import { randomUUID } from 'node:crypto';
import { sql } from '@rapport/db';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { block, DAY, fence, hostActivity, signUp } from '../activities/helpers';
import { endActivity } from '../activities/time-travel';
import { expectError, expectFieldErrors, settleAll } from '../expect-error';
import { startTestServer, type TestServer, type TestUser } from '../harness';
import { listen } from '../realtime/listen';

/**
 * Ratings after an activity: only those who took part from its start, only
 * once it has ended, one per rater, person and activity, changeable for a
 * week, and a public summary that is exact under concurrent raters.
 */

let t: TestServer;
beforeAll(async () => {
  t = await startTestServer();
});
afterAll(() => t.close());

/** A host and guests who took part in an activity that has ended. */
async function pastActivity(guests: number, capacity = guests + 2): Promise<{ host: TestUser; people: TestUser[]; activityId: string }> {
  const [host, ...people] = await signUp(t, guests + 1, 'Walker');
  if (host === undefined) throw new Error('no host');
  const activity = await hostActivity(host, { capacity });
  for (const person of people) await person.api.invitations.activities.join.mutate({ activityId: activity.id });
  await endActivity(t, activity.id);
  return { host, people, activityId: activity.id };
}

const summaryOf = (viewer: TestUser, userId: string) => viewer.api.invitations.ratings.summary.query({ userId });

describe('invitations.ratings.rate', () => {
  it('rates someone met once the activity has ended; the summary and the rated person see it', async () => {
    const { host, people, activityId } = await pastActivity(2);
    const [ann, bob] = people;
    if (!ann || !bob) throw new Error('no guests');
    const rating = await ann.api.invitations.ratings.rate.mutate({ activityId, userId: host.id, score: 5, comment: 'A great guide' });
    expect(rating).toMatchObject({ score: 5, comment: 'A great guide', rater: { id: ann.id }, rated: { id: host.id }, activity: { id: activityId } });
    await bob.api.invitations.ratings.rate.mutate({ activityId, userId: host.id, score: 3 });
    expect(await summaryOf(bob, host.id)).toEqual({ userId: host.id, count: 2, average: 4, distribution: { 1: 0, 2: 0, 3: 1, 4: 0, 5: 1 } });
    const received = await host.api.invitations.ratings.received.query({});
    expect(received.items.map((r) => [r.rater.id, r.score, r.comment])).toEqual([
      [bob.id, 3, null],
      [ann.id, 5, 'A great guide'],
    ]);
    expect((await ann.api.invitations.ratings.given.query({ activityId })).map((r) => r.rated.id)).toEqual([host.id]);
  });

  it('refuses before the end, a cancelled activity, oneself, and people who did not take part', async () => {
    const [host, guest, outsider] = await signUp(t, 3, 'Early');
    if (!host || !guest || !outsider) throw new Error('no users');
    const upcoming = await hostActivity(host);
    await guest.api.invitations.activities.join.mutate({ activityId: upcoming.id });
    await expectError(guest.api.invitations.ratings.rate.mutate({ activityId: upcoming.id, userId: host.id, score: 4 }), 'CONFLICT');
    await expectError(guest.api.invitations.ratings.rate.mutate({ activityId: upcoming.id, userId: guest.id, score: 4 }), 'BAD_REQUEST');
    await endActivity(t, upcoming.id);
    await expectError(outsider.api.invitations.ratings.rate.mutate({ activityId: upcoming.id, userId: host.id, score: 1 }), 'FORBIDDEN');
    await expectError(guest.api.invitations.ratings.rate.mutate({ activityId: upcoming.id, userId: outsider.id, score: 1 }), 'BAD_REQUEST');
    const called = await hostActivity(host);
    await guest.api.invitations.activities.join.mutate({ activityId: called.id });
    await host.api.invitations.activities.cancel.mutate({ activityId: called.id, reason: 'Rain' });
    await endActivity(t, called.id);
    await expectError(guest.api.invitations.ratings.rate.mutate({ activityId: called.id, userId: host.id, score: 2 }), 'CONFLICT');
    expect((await summaryOf(outsider, host.id)).count).toBe(0);
  });

  it('counts only who was in it from the start: someone who joined after it began cannot rate', async () => {
    const { host, people, activityId } = await pastActivity(1, 5);
    const [late] = await signUp(t, 1, 'Late');
    if (!late || !people[0]) throw new Error('no users');
    // Seated after the start, as a row written by hand (the API refuses to join a started activity).
    await t.server.database.db.execute(
      sql`insert into activity_members (activity_id, user_id, status, starts_at, joined_at) select id, ${late.id}, 'participant', starts_at, now() from activities where id = ${activityId}`,
    );
    await expectError(late.api.invitations.ratings.rate.mutate({ activityId, userId: host.id, score: 5 }), 'FORBIDDEN');
    await expectError(people[0].api.invitations.ratings.rate.mutate({ activityId, userId: late.id, score: 5 }), 'BAD_REQUEST');
  });

  it('changes a rating within its week, moving the summary; after the week it is refused', async () => {
    const { host, people, activityId } = await pastActivity(1);
    const [ann] = people;
    if (!ann) throw new Error('no guest');
    await ann.api.invitations.ratings.rate.mutate({ activityId, userId: host.id, score: 2 });
    const changed = await ann.api.invitations.ratings.rate.mutate({ activityId, userId: host.id, score: 4, comment: 'Better than I said' });
    expect(changed).toMatchObject({ score: 4, comment: 'Better than I said' });
    expect(await summaryOf(ann, host.id)).toMatchObject({ count: 1, average: 4, distribution: { 2: 0, 4: 1 } });
    await t.server.database.db.execute(sql`update ratings set created_at = now() - ${`${8 * DAY / 1000} seconds`}::interval where rater_id = ${ann.id}`);
    await expectError(ann.api.invitations.ratings.rate.mutate({ activityId, userId: host.id, score: 1 }), 'CONFLICT');
    expect(await summaryOf(ann, host.id)).toMatchObject({ count: 1, average: 4 });
  });

  it('keeps one rating under 50 identical calls at once, and an exact summary under 20 raters at once', async () => {
    const { host, people, activityId } = await pastActivity(20);
    const [first] = people;
    if (!first) throw new Error('no guests');
    const same = await settleAll(Array.from({ length: 50 }, () => first.api.invitations.ratings.rate.mutate({ activityId, userId: host.id, score: 5 })));
    expect(same.filter((s) => s.ok)).toHaveLength(50);
    expect(await summaryOf(first, host.id)).toMatchObject({ count: 1, distribution: { 5: 1 } });
    await Promise.all(people.slice(1).map((p, i) => p.api.invitations.ratings.rate.mutate({ activityId, userId: host.id, score: 1 + (i % 5) })));
    const summary = await summaryOf(first, host.id);
    expect(summary.count).toBe(20);
    // The first 5, then 1,2,3,4,5 repeated by the other 19: four of each, averaging 60 / 20.
    expect(summary.distribution).toEqual({ 1: 4, 2: 4, 3: 4, 4: 4, 5: 4 });
    expect(summary.average).toBe(3);
  });

  it('tells the rated person, and nobody else', async () => {
    const { host, people, activityId } = await pastActivity(2);
    const [ann, bob] = people;
    if (!ann || !bob) throw new Error('no guests');
    const hostHears = listen(host);
    const bobHears = listen(bob);
    await ann.api.invitations.ratings.rate.mutate({ activityId, userId: host.id, score: 4 });
    await hostHears.until((events) => events.some((e) => e.type === 'rating.received'));
    expect(hostHears.events.filter((e) => e.type === 'rating.received')).toEqual([
      expect.objectContaining({ type: 'rating.received', activityId, raterId: ann.id, ratedId: host.id, score: 4 }),
    ]);
    await fence(t, [[bob, bobHears]]);
    expect(bobHears.events.filter((e) => e.type === 'rating.received')).toEqual([]);
    hostHears.stop();
    bobHears.stop();
  });

  it('hides across a block: no summary, no rating, and no comment from the blocked', async () => {
    const { host, people, activityId } = await pastActivity(2);
    const [ann, bob] = people;
    if (!ann || !bob) throw new Error('no guests');
    await bob.api.invitations.ratings.rate.mutate({ activityId, userId: host.id, score: 1, comment: 'Rude' });
    await block(host, bob);
    await expectError(summaryOf(bob, host.id), 'NOT_FOUND');
    await expectError(bob.api.invitations.ratings.rate.mutate({ activityId, userId: ann.id, score: 3 }), 'NOT_FOUND');
    expect((await host.api.invitations.ratings.received.query({})).items).toEqual([]);
    await expectError(ann.api.invitations.ratings.summary.query({ userId: randomUUID() }), 'NOT_FOUND');
  });

  it('refuses bad input with field errors', async () => {
    const { host, people, activityId } = await pastActivity(1);
    const [ann] = people;
    if (!ann) throw new Error('no guest');
    for (const score of [0, 6, 2.5]) await expectFieldErrors(ann.api.invitations.ratings.rate.mutate({ activityId, userId: host.id, score }), ['score']);
    await expectFieldErrors(ann.api.invitations.ratings.rate.mutate({ activityId, userId: host.id, score: 3, comment: 'x'.repeat(10_000) }), ['comment']);
    await expectFieldErrors(ann.api.invitations.ratings.rate.mutate({ activityId: 'nope', userId: host.id, score: 3 }), ['activityId']);
  });
});
