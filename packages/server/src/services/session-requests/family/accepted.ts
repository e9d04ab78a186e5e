import { and, eq, familyLinks, not, sql, type Executor, type SQL } from '@rapport/db';
import { blockedEitherWay } from '../../../domain/blocks';

/**
 * "parent is an accepted parent of child", as SQL for the queries that
 * authorise by it (booking for a child, seeing a child's requests). A pending
 * link never counts: the other side has not confirmed it. Nor does a link
 * between two people one of whom has blocked the other: the link row stays
 * (either side may still remove it) but grants nothing.
 */
export const isAcceptedParent = (parent: SQL | string, child: SQL | string): SQL =>
  sql`exists (select 1 from family_links fl where fl.parent_id = ${parent} and fl.child_id = ${child} and fl.status = 'accepted'
    and not ${blockedEitherWay(sql`fl.parent_id`, sql`fl.child_id`)})`;

/** The accepted parents of a student (the extra audience of that student's requests). */
export async function parentsOf(db: Executor, childId: string): Promise<string[]> {
  const rows = await db
    .select({ parentId: familyLinks.parentId })
    .from(familyLinks)
    .where(
      and(
        eq(familyLinks.childId, childId),
        eq(familyLinks.status, 'accepted'),
        not(blockedEitherWay(familyLinks.parentId, familyLinks.childId)),
      ),
    );
  return rows.map((r) => r.parentId);
}
