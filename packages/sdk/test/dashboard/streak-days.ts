import { sql } from '@rapport/db';
import type { TestServer } from '../harness';

/**
 * Sets a user's streak as if they had last been active `daysAgo` days before
 * today in `dayZone` (their own zone, `zone`, unless given), so that a
 * streak's rules are tested without waiting for days to pass. The server's
 * note that it already recorded today is dropped, as a new day would: the
 * user's next call records again.
 */
export async function activeUntil(
  t: TestServer,
  userId: string,
  streak: { daysAgo: number; current: number; longest: number; zone?: string; dayZone?: string },
): Promise<void> {
  const db = t.server.database.db;
  const zone = streak.zone ?? 'UTC';
  const dayZone = streak.dayZone ?? zone;
  await db.execute(sql`update users set time_zone = ${zone} where id = ${userId}`);
  await db.execute(sql`
    insert into user_streaks (user_id, last_active_day, current, longest)
    values (${userId}, (now() at time zone ${dayZone})::date - ${streak.daysAgo}::int, ${streak.current}, ${streak.longest})
    on conflict (user_id) do update set last_active_day = excluded.last_active_day, current = excluded.current, longest = excluded.longest`);
  t.server.deps.activeDays.forget(userId);
}

/** Today's date (YYYY-MM-DD) in a time zone, as the database reckons it. */
export function todayIn(zone: string, at = new Date()): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: zone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(at);
}
