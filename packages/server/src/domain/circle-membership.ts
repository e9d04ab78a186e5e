import { circleMembers, eq, type Executor } from '@rapport/db';

/**
 * The circles a user is in, for the realtime hub's index of who follows which
 * feed: an index-only read of circle_members_user_idx, bounded by
 * LIMITS.circlesJoinedPerUser.
 */
export async function loadCircleIds(db: Executor, userId: string): Promise<string[]> {
  const rows = await db.select({ circleId: circleMembers.circleId }).from(circleMembers).where(eq(circleMembers.userId, userId));
  return rows.map((r) => r.circleId);
}
