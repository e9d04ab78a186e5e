import { sql } from '@rapport/db';
import { selectAll } from '@rapport/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Dashboard } from '../../src/index';
import { startTestServer, type TestServer, type TestUser } from '../harness';
import { activeUntil, todayIn } from './streak-days';

// community.dashboard: the streak (days active in a row, in the user's own
// time zone), friends, circles joined, unread notifications, the day's
// message, and the slots the next issue fills (null until then). Days are
// moved by SQL (streak-days.ts), never waited for.

let t: TestServer;
beforeAll(async () => {
  t = await startTestServer();
});
afterAll(async () => {
  await t.close();
});

const dashboardOf = (user: TestUser): Promise<Dashboard> => user.api.community.dashboard.query();

async function streakRow(userId: string) {
  const rows = await selectAll<{ last_active_day: string; current: number; longest: number }>(
    t.server.database.db,
    sql`select last_active_day::text as last_active_day, current, longest from user_streaks where user_id = ${userId}`,
  );
  return rows;
}

describe('the streak', () => {
  it('starts at 1 with the first signed-in call of a day, and a day counts once however many calls it has', async () => {
    const ann = await t.user('Ann');
    expect(await streakRow(ann.id)).toEqual([]);
    await ann.api.auth.me.query();
    expect(await streakRow(ann.id)).toEqual([{ last_active_day: todayIn('UTC'), current: 1, longest: 1 }]);
    for (let i = 0; i < 3; i++) await ann.api.auth.me.query();
    const board = await dashboardOf(ann);
    expect(board.streak).toEqual({ current: 1, longest: 1, activeToday: true });
    expect(board.today).toBe(todayIn('UTC'));
  });

  it('continues from yesterday, and the longest follows once it is passed', async () => {
    const ann = await t.user('Ann');
    await activeUntil(t, ann.id, { daysAgo: 1, current: 4, longest: 6 });
    expect((await dashboardOf(ann)).streak).toEqual({ current: 5, longest: 6, activeToday: true });
    // The same day again: nothing changes, even when the server is asked to record it again.
    t.server.deps.activeDays.forget(ann.id);
    expect((await dashboardOf(ann)).streak).toEqual({ current: 5, longest: 6, activeToday: true });
    await activeUntil(t, ann.id, { daysAgo: 1, current: 6, longest: 6 });
    expect((await dashboardOf(ann)).streak).toEqual({ current: 7, longest: 7, activeToday: true });
  });

  it('starts again at 1 after a day missed, keeping the longest', async () => {
    const ann = await t.user('Ann');
    await activeUntil(t, ann.id, { daysAgo: 2, current: 9, longest: 12 });
    expect((await dashboardOf(ann)).streak).toEqual({ current: 1, longest: 12, activeToday: true });
    await activeUntil(t, ann.id, { daysAgo: 30, current: 3, longest: 12 });
    expect((await dashboardOf(ann)).streak).toEqual({ current: 1, longest: 12, activeToday: true });
  });

  it('counts days in the user’s own time zone: yesterday in Pago Pago is two or three days ago in Kiritimati', async () => {
    const kiri = await t.user('Kiri');
    const pago = await t.user('Pago');
    // Both last active on the day before today in Pago Pago (UTC−11). In
    // Kiritimati (UTC+14) today is one or two days later than there.
    for (const [user, zone] of [
      [kiri, 'Pacific/Kiritimati'],
      [pago, 'Pacific/Pago_Pago'],
    ] as const) {
      await activeUntil(t, user.id, { daysAgo: 1, current: 3, longest: 3, zone, dayZone: 'Pacific/Pago_Pago' });
    }
    const [kiriBoard, pagoBoard] = [await dashboardOf(kiri), await dashboardOf(pago)];
    expect(pagoBoard.streak).toEqual({ current: 4, longest: 4, activeToday: true });
    expect(kiriBoard.streak).toEqual({ current: 1, longest: 3, activeToday: true });
    expect(pagoBoard.today).toBe(todayIn('Pacific/Pago_Pago'));
    expect(kiriBoard.today).toBe(todayIn('Pacific/Kiritimati'));
    expect(kiriBoard.today > pagoBoard.today).toBe(true);
  });

  it('a day later than the last one recorded never moves the streak back (a zone changed westwards)', async () => {
    const ann = await t.user('Ann');
    // Last active "tomorrow" as a zone further east reckons it: today here changes nothing.
    await activeUntil(t, ann.id, { daysAgo: -1, current: 2, longest: 2 });
    await ann.api.auth.me.query();
    const [row] = await streakRow(ann.id);
    expect(row).toMatchObject({ current: 2, longest: 2 });
  });
});

describe('community.dashboard', () => {
  it('a new user: nothing yet, and null for what the product does not offer yet', async () => {
    const ann = await t.user('Ann');
    const board = await dashboardOf(ann);
    expect(board).toEqual({
      streak: { current: 1, longest: 1, activeToday: true },
      connections: 0,
      circlesJoined: 0,
      unreadNotifications: 0,
      dailyMessage: expect.any(String),
      today: todayIn('UTC'),
      coursesInProgress: null,
      credits: null,
      referrals: null,
    });
    expect(board.dailyMessage.length).toBeGreaterThan(0);
  });

  it('counts friends (not follows or pending requests), live circles joined and unread notifications', async () => {
    const [ann, bob, cy, dan] = await Promise.all([t.user('Ann'), t.user('Bob'), t.user('Cy'), t.user('Dan')]);
    for (const friend of [bob, cy]) {
      const request = await ann.api.connections.create.mutate({ targetUserId: friend.id, type: 'friend' });
      await friend.api.connections.respond.mutate({ connectionId: request.id, status: 'accepted' });
    }
    await ann.api.connections.create.mutate({ targetUserId: dan.id, type: 'friend' });
    await ann.api.connections.create.mutate({ targetUserId: dan.id, type: 'follow' });
    const db = t.server.database.db;
    // Three circles, one archived, joined by SQL: the circles API is tested on its own.
    await db.execute(sql`
      with made as (
        insert into circles (name, category, color, created_by, archived_at)
        select 'Dashboard circle ' || n, 'Wellness', '#39ccb7', ${ann.id}::uuid, case when n = 3 then now() end
        from generate_series(1, 3) n returning id)
      insert into circle_members (circle_id, user_id, role) select id, ${ann.id}::uuid, 'owner' from made`);
    const before = (await dashboardOf(ann)).unreadNotifications;
    await db.execute(sql`
      insert into notifications (user_id, type, priority, title, description, action_text, link)
      select ${ann.id}::uuid, 'circle_suggestion', 'low', 'Try a circle', 'One you might like', 'Open', '/community/circles'
      from generate_series(1, 2)`);
    const board = await dashboardOf(ann);
    expect(board).toMatchObject({ connections: 2, circlesJoined: 2, unreadNotifications: before + 2 });
    expect((await dashboardOf(dan)).connections).toBe(0);
  });

  it('the message of the day is the same for two people on the same day in their zones', async () => {
    const [ann, bob, kiri] = await Promise.all([t.user('Ann'), t.user('Bob'), t.user('Kiri')]);
    await kiri.api.users.updateMe.mutate({ timeZone: 'Pacific/Kiritimati' });
    t.server.deps.activeDays.forget(kiri.id);
    const [a, b, k] = [await dashboardOf(ann), await dashboardOf(bob), await dashboardOf(kiri)];
    expect(a.dailyMessage).toBe(b.dailyMessage);
    if (k.today !== a.today) expect(k.dailyMessage).not.toBe(a.dailyMessage);
  });
});
