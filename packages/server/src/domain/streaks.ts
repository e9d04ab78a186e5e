import { sql, type Executor } from '@rapport/db';
import { z } from 'zod';
import { selectRows } from './sql-rows';

const dayEnds = z.object({ day_ends_ms: z.coerce.number() });

/**
 * Marks today (in the user's time zone) as a day the user was active, and
 * returns when that day ends, as epoch milliseconds: until then, there is
 * nothing more to record. One statement. The day after the last one active
 * continues the streak, a gap starts it again at 1, and the longest is kept;
 * a day already recorded (another instance, a racing call) or earlier than
 * the last one (the user moved west) changes nothing.
 */
export async function recordActiveDay(db: Executor, userId: string): Promise<number> {
  const [row] = await selectRows(
    db,
    sql`
      with me as (select id, time_zone, (now() at time zone time_zone)::date as today from users where id = ${userId}),
      recorded as (
        insert into user_streaks as s (user_id, last_active_day, current, longest)
        select id, today, 1, 1 from me
        on conflict (user_id) do update set
          current = case when s.last_active_day = excluded.last_active_day - 1 then s.current + 1 else 1 end,
          longest = greatest(s.longest, case when s.last_active_day = excluded.last_active_day - 1 then s.current + 1 else 1 end),
          last_active_day = excluded.last_active_day
        where s.last_active_day < excluded.last_active_day
      )
      select floor(extract(epoch from ((today + 1)::timestamp at time zone time_zone)) * 1000) as day_ends_ms from me`,
    dayEnds,
  );
  // A user deleted since their session was checked: nothing to note.
  return row?.day_ends_ms ?? 0;
}

/**
 * A streak as it stands today in the user's zone: a streak whose last day
 * is before yesterday is broken (0) until the next active day starts it again.
 */
export const currentStreakSql = sql`case when s.last_active_day >= (now() at time zone u.time_zone)::date - 1 then s.current else 0 end`;
export const activeTodaySql = sql`coalesce(s.last_active_day >= (now() at time zone u.time_zone)::date, false)`;
