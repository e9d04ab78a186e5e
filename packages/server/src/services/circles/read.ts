import { and, circleMembers, circles, desc, eq, isNull, not, users, type Database, type SQL } from '@rapport/db';
import { blockedEitherWay } from '../../domain/blocks';
import type { Actor } from '../../domain/sessions';
import { LIMITS } from '../../limits';
import { decodeCursor, pastPosition, timeIdCursor, toPage, type Page } from '../../pagination';
import type { CircleDetails, CircleMembersInput, CircleMemberView, CircleRefInput, CircleView, MyCirclesInput } from '../../schemas/circles';
import { recentPosts } from '../circle-posts/recent';
import { visibleCircle } from './access';
import { circleViews, toCircleView } from './view';

/** One circle, as the viewer sees it, with its newest posts. */
export async function getCircle(db: Database, actor: Actor, input: CircleRefInput): Promise<CircleDetails> {
  const { circle, role } = await visibleCircle(db, actor.userId, input.circleId);
  return { ...toCircleView(circle, role), recentPosts: await recentPosts(db, actor.userId, circle.id, LIMITS.circleRecentPosts) };
}

/**
 * The circles I belong to, newest joined first, along circle_members_user_idx
 * (a range the join cap bounds). Archived ones only when asked: an owner
 * finds there what they may restore.
 */
export async function myCircles(db: Database, actor: Actor, input: MyCirclesInput): Promise<Page<CircleView>> {
  const me = actor.userId;
  const after = input.cursor ? decodeCursor(input.cursor, timeIdCursor) : null;
  const rows = await db
    .select({ id: circleMembers.circleId, joinedAt: circleMembers.joinedAt })
    .from(circleMembers)
    .innerJoin(circles, eq(circles.id, circleMembers.circleId))
    .where(
      and(
        eq(circleMembers.userId, me),
        input.includeArchived ? undefined : isNull(circles.archivedAt),
        after ? pastPosition([circleMembers.joinedAt, circleMembers.circleId], [after[0], after[1]], 'desc') : undefined,
      ),
    )
    .orderBy(desc(circleMembers.joinedAt), desc(circleMembers.circleId))
    .limit(input.limit + 1);
  const page = toPage(rows, input.limit, (r) => [r.joinedAt.toISOString(), r.id], (r) => r.id);
  return { items: await circleViews(db, me, page.items), nextCursor: page.nextCursor };
}

/**
 * A circle's members, newest first, of one role or all: circle_members_circle_idx,
 * or circle_members_role_idx for a role, so a page of a 100,000-member circle
 * reads a page. People who block the viewer, or whom the viewer blocks, are
 * not listed to them: the blocker does not see the blocked (as in the feed),
 * and to the blocked a blocker is not found anywhere. The member count still
 * counts them.
 */
export async function listCircleMembers(db: Database, actor: Actor, input: CircleMembersInput): Promise<Page<CircleMemberView>> {
  const me = actor.userId;
  const { circle } = await visibleCircle(db, me, input.circleId);
  const after = input.cursor ? decodeCursor(input.cursor, timeIdCursor) : null;
  const filters: (SQL | undefined)[] = [
    eq(circleMembers.circleId, circle.id),
    input.role === undefined ? undefined : eq(circleMembers.role, input.role),
    not(blockedEitherWay(circleMembers.userId, me)),
    after ? pastPosition([circleMembers.joinedAt, circleMembers.userId], [after[0], after[1]], 'desc') : undefined,
  ];
  const rows = await db
    .select({ id: users.id, name: users.name, avatarUrl: users.avatarUrl, role: circleMembers.role, joinedAt: circleMembers.joinedAt })
    .from(circleMembers)
    .innerJoin(users, eq(users.id, circleMembers.userId))
    .where(and(...filters))
    .orderBy(desc(circleMembers.joinedAt), desc(circleMembers.userId))
    .limit(input.limit + 1);
  return toPage(
    rows,
    input.limit,
    (r) => [r.joinedAt.toISOString(), r.id],
    (r) => ({ id: r.id, name: r.name, avatarUrl: r.avatarUrl, role: r.role, joinedAt: r.joinedAt.toISOString() }),
  );
}

