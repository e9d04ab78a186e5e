import { circles, inArray, sql, type Executor } from '@rapport/db';
import type { CircleRole, CircleView } from '../../schemas/circles';
import type { CircleRow } from './access';

export function toCircleView(c: CircleRow, myRole: CircleRole | null): CircleView {
  return {
    id: c.id,
    name: c.name,
    category: c.category,
    description: c.description,
    imageUrl: c.imageUrl,
    color: c.color,
    memberCount: c.memberCount,
    postCount: c.postCount,
    lastPostAt: c.lastPostAt?.toISOString() ?? null,
    createdAt: c.createdAt.toISOString(),
    archivedAt: c.archivedAt?.toISOString() ?? null,
    isMember: myRole !== null,
    myRole,
  };
}

/** The circles by id, as `viewerId` sees them (their own role), in the order of `ids`. */
export async function circleViews(db: Executor, viewerId: string, ids: readonly string[]): Promise<CircleView[]> {
  if (ids.length === 0) return [];
  // The viewer's own row, per circle by primary key: a join would read every
  // membership the viewer has to find these few.
  const rows = await db
    .select({
      circle: circles,
      role: sql<CircleRole | null>`(select m.role from circle_members m where m.circle_id = ${circles.id} and m.user_id = ${viewerId})`,
    })
    .from(circles)
    .where(inArray(circles.id, [...ids]));
  const byId = new Map(rows.map((row) => [row.circle.id, row]));
  return ids.flatMap((id) => {
    const row = byId.get(id);
    return row === undefined ? [] : [toCircleView(row.circle, row.role)];
  });
}

export async function circleView(db: Executor, viewerId: string, id: string): Promise<CircleView> {
  const [view] = await circleViews(db, viewerId, [id]);
  if (view === undefined) throw new Error(`circle ${id} vanished`);
  return view;
}
