import { and, eq, familyLinks, or, type Executor } from '@rapport/db';
import type { FamilyLinkRow } from './views';

/** The link between two users in either direction (at most one: link refuses the reverse of an existing one). */
export async function linkBetween(db: Executor, a: string, b: string): Promise<FamilyLinkRow | undefined> {
  const [row] = await db
    .select()
    .from(familyLinks)
    .where(
      or(
        and(eq(familyLinks.parentId, a), eq(familyLinks.childId, b)),
        and(eq(familyLinks.parentId, b), eq(familyLinks.childId, a)),
      ),
    )
    .limit(1);
  return row;
}

/** Where-clause for exactly this link. */
export const thisLink = (link: { parentId: string; childId: string }) =>
  and(eq(familyLinks.parentId, link.parentId), eq(familyLinks.childId, link.childId));
