import { activities, activityMembers, and, eq, not, or, sql, type Executor } from '@rapport/db';
import { z } from 'zod';
import { blockedEitherWay } from '../../domain/blocks';
import { selectRows } from '../../domain/sql-rows';
import { AppError, notFound } from '../../errors';

export type ActivityRow = typeof activities.$inferSelect;

/**
 * The activity, if the viewer may see it: the host, a member, someone with a
 * pending invitation to it, or anyone for a public one, unless the host and the viewer block each other. Anything else
 * is "not found", in the same words as an id that never existed.
 */
export async function visibleActivity(db: Executor, viewerId: string, activityId: string): Promise<ActivityRow> {
  const [row] = await db
    .select()
    .from(activities)
    .where(
      and(
        eq(activities.id, activityId),
        or(
          eq(activities.hostId, viewerId),
          eq(activities.visibility, 'public'),
          sql`exists (select 1 from activity_members m where m.activity_id = ${activities.id} and m.user_id = ${viewerId})`,
          // Someone invited may look before answering.
          sql`exists (select 1 from invitations i
            where i.activity_id = ${activities.id} and i.recipient_id = ${viewerId} and i.status = 'pending' and i.expires_at > now())`,
        ),
        not(blockedEitherWay(activities.hostId, viewerId)),
      ),
    )
    .limit(1);
  if (!row) throw notFound('Activity');
  return row;
}

/** Refuses anyone but the host, once they have seen the activity. */
export function requireHost(activity: ActivityRow, viewerId: string, what: string): void {
  if (activity.hostId !== viewerId) throw new AppError('FORBIDDEN', `Only the host can ${what} this activity.`);
}

/** Refuses a change to an activity that was cancelled or has already started. */
export function requireOpen(activity: ActivityRow, what: string): void {
  if (activity.status === 'cancelled') throw new AppError('CONFLICT', `This activity was cancelled, so you cannot ${what} it.`);
  if (activity.startsAt.getTime() <= Date.now()) {
    throw new AppError('CONFLICT', `This activity started at ${activity.startsAt.toISOString()}, so you can no longer ${what} it.`);
  }
}

/** Everyone in the activity: participants (the host among them) and the line, for events all of them hear. */
export async function memberIds(db: Executor, activityId: string): Promise<string[]> {
  const rows = await db.select({ userId: activityMembers.userId }).from(activityMembers).where(eq(activityMembers.activityId, activityId));
  return rows.map((row) => row.userId);
}

/** True when the host and this person block each other, either way. */
export async function blockedWithHost(db: Executor, hostId: string, userId: string): Promise<boolean> {
  if (hostId === userId) return false;
  const [row] = await selectRows(db, sql`select ${blockedEitherWay(hostId, userId)} as blocked`, z.object({ blocked: z.boolean() }));
  return row?.blocked === true;
}
