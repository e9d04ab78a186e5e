import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ids, signUp } from '../activities/helpers';
import { settleAll } from '../expect-error';
import { startTestServer, type TestServer } from '../harness';
import { countsInDatabase, createCircle, everyMember } from './helpers';

const USERS = 100;

let t: TestServer;
beforeAll(async () => {
  t = await startTestServer();
});
afterAll(() => t.close());

const failures = (results: { ok: boolean; error?: { message: string } }[]) => results.flatMap((r) => (r.ok ? [] : [r.error?.message]));

describe(`the member count under ${USERS} concurrent joins and leaves`, () => {
  it('half the users leave while the other half join, all at once: the count is the members listed and the rows counted', async () => {
    const owner = await t.user('Owner');
    const users = await signUp(t, USERS, 'Member');
    const circle = await createCircle(owner);
    const leavers = users.slice(0, USERS / 2);
    const joiners = users.slice(USERS / 2);
    await Promise.all(leavers.map((u) => u.api.community.circles.join.mutate({ circleId: circle.id })));
    expect(await countsInDatabase(t, circle.id)).toEqual({ rows: 1 + USERS / 2, kept: 1 + USERS / 2 });

    const results = await settleAll([
      ...leavers.map((u) => u.api.community.circles.leave.mutate({ circleId: circle.id })),
      ...joiners.map((u) => u.api.community.circles.join.mutate({ circleId: circle.id })),
    ]);
    expect(failures(results)).toEqual([]);

    const view = await owner.api.community.circles.get.query({ circleId: circle.id });
    const listed = await everyMember(owner, circle.id, 7);
    expect(new Set(ids(listed)).size).toBe(listed.length);
    expect(new Set(ids(listed))).toEqual(new Set([owner.id, ...joiners.map((u) => u.id)]));
    expect(view.memberCount).toBe(listed.length);
    expect(await countsInDatabase(t, circle.id)).toEqual({ rows: listed.length, kept: listed.length });
  }, 120_000);

  it(`each of ${USERS} users joins and leaves at once, some twice: whatever each ends as, the count agrees with the members`, async () => {
    const owner = await t.user('Owner');
    const users = await signUp(t, USERS, 'Churner');
    const circle = await createCircle(owner);
    const calls = users.flatMap((u, i) => {
      const join = () => u.api.community.circles.join.mutate({ circleId: circle.id });
      const leave = () => u.api.community.circles.leave.mutate({ circleId: circle.id });
      return i % 3 === 0 ? [join(), leave(), join()] : i % 3 === 1 ? [leave(), join()] : [join(), join(), leave()];
    });
    expect(failures(await settleAll(calls))).toEqual([]);

    const listed = await everyMember(owner, circle.id, 9);
    const counted = await countsInDatabase(t, circle.id);
    const view = await owner.api.community.circles.get.query({ circleId: circle.id });
    expect(new Set(ids(listed)).size).toBe(listed.length);
    expect(view.memberCount).toBe(listed.length);
    expect(counted).toEqual({ rows: listed.length, kept: listed.length });
    // Each user's own answer agrees with the list.
    const members = new Set(ids(listed));
    const mine = await Promise.all(users.map((u) => u.api.community.circles.get.query({ circleId: circle.id })));
    expect(mine.map((m, i) => m.isMember === members.has(users[i]?.id ?? ''))).toEqual(users.map(() => true));
  }, 120_000);
});
