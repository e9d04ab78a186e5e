import { sql, type Database } from '@rapport/db';
import { z } from 'zod';
import { dailyMessage } from '../../domain/daily-messages';
import type { Actor } from '../../domain/sessions';
import { selectRows } from '../../domain/sql-rows';
import { activeTodaySql, currentStreakSql } from '../../domain/streaks';
import { notFound } from '../../errors';
import type { DashboardView } from '../../schemas/dashboard';

const dashboardRow = z.object({
  today: z.string(),
  current: z.coerce.number(),
  longest: z.coerce.number(),
  active_today: z.boolean(),
  friends: z.coerce.number(),
  unread: z.coerce.number(),
  circles: z.coerce.number(),
});

/**
 * The signed-in user's dashboard, in one statement of one-row reads: the
 * streak (user_streaks, as it stands today in their zone), friends
 * (connection_counts) and unread notifications (notification_counts), both
 * kept by triggers; the live circles they are in, counted from their own
 * memberships (circle_members_user_idx). Courses, credits and referrals are
 * not offered yet: null, never a made-up figure.
 */
export async function dashboard(db: Database, actor: Actor): Promise<DashboardView> {
  const [row] = await selectRows(
    db,
    sql`
      select ((now() at time zone u.time_zone)::date)::text as today,
        coalesce(${currentStreakSql}, 0) as current, coalesce(s.longest, 0) as longest, ${activeTodaySql} as active_today,
        coalesce(cc.friends, 0) as friends, coalesce(nc.unread, 0) as unread,
        (select count(*) from circle_members cm join circles c on c.id = cm.circle_id and c.archived_at is null where cm.user_id = u.id) as circles
      from users u
      left join user_streaks s on s.user_id = u.id
      left join connection_counts cc on cc.user_id = u.id
      left join notification_counts nc on nc.user_id = u.id
      where u.id = ${actor.userId}`,
    dashboardRow,
  );
  if (row === undefined) throw notFound('User');
  return {
    streak: { current: row.current, longest: row.longest, activeToday: row.active_today },
    connections: row.friends,
    circlesJoined: row.circles,
    unreadNotifications: row.unread,
    dailyMessage: dailyMessage(row.today),
    today: row.today,
    coursesInProgress: null,
    credits: null,
    referrals: null,
  };
}
