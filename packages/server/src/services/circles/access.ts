import { and, circleMembers, circles, count, eq, isNull, sql, type Executor } from '@rapport/db';
import { AppError, notFound } from '../../errors';
import { LIMITS } from '../../limits';
import type { CircleRole } from '../../schemas/circles';

export type CircleRow = typeof circles.$inferSelect;

/** A circle the viewer may see, and their role in it (null: not a member). */
export interface CircleAccess {
  circle: CircleRow;
  role: CircleRole | null;
}

/**
 * The circle and the viewer's role, if the viewer may see it: a live circle
 * is open to everyone signed in, an archived one only to its members. Any
 * other id is "not found", in the same words as one that never existed.
 */
export async function visibleCircle(db: Executor, viewerId: string, circleId: string): Promise<CircleAccess> {
  const [row] = await db
    .select({
      circle: circles,
      role: sql<CircleRole | null>`(select m.role from circle_members m where m.circle_id = ${circles.id} and m.user_id = ${viewerId})`,
    })
    .from(circles)
    .where(eq(circles.id, circleId))
    .limit(1);
  if (!row || (row.circle.archivedAt !== null && row.role === null)) throw notFound('Circle');
  return row;
}

/** A member's role in a circle, by primary key; null when they are not in it. */
export async function roleOf(db: Executor, circleId: string, userId: string): Promise<CircleRole | null> {
  const [row] = await db
    .select({ role: circleMembers.role })
    .from(circleMembers)
    .where(and(eq(circleMembers.circleId, circleId), eq(circleMembers.userId, userId)));
  return row?.role ?? null;
}

/** Refuses anyone but the owner and the moderators of this circle: their powers stop at it. */
export function requireModerator(access: CircleAccess, what: string): void {
  if (access.role !== 'owner' && access.role !== 'moderator') {
    throw new AppError('FORBIDDEN', `Only the circle's owner or a moderator can ${what}.`);
  }
}

export function requireOwner(access: CircleAccess, what: string): void {
  if (access.role !== 'owner') throw new AppError('FORBIDDEN', `Only the circle's owner can ${what}.`);
}

/** Refuses a change to an archived circle. */
export function requireLive(circle: CircleRow, what: string): void {
  if (circle.archivedAt !== null) {
    throw new AppError('CONFLICT', `This circle was archived on ${circle.archivedAt.toISOString().slice(0, 10)}, so you cannot ${what}. Its owner can restore it.`);
  }
}

/**
 * Refuses one more circle to someone who already belongs to the most one
 * person may. Call under their circles lock (lockCirclesOf). Read along
 * circle_members_user_idx, which the cap itself bounds.
 */
export async function requireRoomToJoin(db: Executor, userId: string, who: 'you' | 'they'): Promise<void> {
  const [row] = await db.select({ n: count() }).from(circleMembers).where(eq(circleMembers.userId, userId));
  if ((row?.n ?? 0) >= LIMITS.circlesJoinedPerUser) {
    throw new AppError(
      'CONFLICT',
      who === 'you'
        ? `You belong to ${LIMITS.circlesJoinedPerUser} circles, the most one person may. Leave one to join another.`
        : `They belong to ${LIMITS.circlesJoinedPerUser} circles, the most one person may.`,
    );
  }
}

/**
 * Refuses one more live circle to someone who already owns the most one
 * person may (created or handed to them; archived ones do not count). Call
 * under their circles lock.
 */
export async function requireRoomToOwn(db: Executor, userId: string, who: 'you' | 'they'): Promise<void> {
  const [row] = await db
    .select({ n: count() })
    .from(circleMembers)
    .innerJoin(circles, eq(circles.id, circleMembers.circleId))
    .where(and(eq(circleMembers.userId, userId), eq(circleMembers.role, 'owner'), isNull(circles.archivedAt)));
  if ((row?.n ?? 0) >= LIMITS.circlesOwnedPerUser) {
    const cap = LIMITS.circlesOwnedPerUser;
    throw new AppError(
      'CONFLICT',
      who === 'you'
        ? `You already own ${cap} live circles, the most one person may. Archive one or hand it to another member first.`
        : `They already own ${cap} live circles, the most one person may: they must archive or hand one over first.`,
    );
  }
}
