import { and, desc, eq, familyLinks, not, or, type Database } from '@rapport/db';
import { blocks } from '../../../domain/blocks';
import type { Actor } from '../../../domain/sessions';
import { usersById } from '../../../domain/users';
import type { FamilyView } from '../../../schemas/session-requests/family';
import { toFamilyLinkView } from './views';

/**
 * The caller's links, pending and accepted, newest first; the caps keep it
 * short enough to need no pages. A link to someone who blocks the caller is
 * left out: to them, the blocker is not there (either may still remove it).
 */
export async function listFamily(db: Database, actor: Actor): Promise<FamilyView> {
  const me = actor.userId;
  const rows = await db
    .select()
    .from(familyLinks)
    .where(
      and(
        or(eq(familyLinks.parentId, me), eq(familyLinks.childId, me)),
        not(blocks(familyLinks.parentId, me)),
        not(blocks(familyLinks.childId, me)),
      ),
    )
    .orderBy(desc(familyLinks.createdAt), desc(familyLinks.parentId), desc(familyLinks.childId));
  const people = await usersById(db, rows.flatMap((r) => [r.parentId, r.childId]));
  const views = rows.map((row) => ({ row, view: toFamilyLinkView(row, people) }));
  return {
    children: views.filter(({ row }) => row.parentId === me).map(({ view }) => view),
    parents: views.filter(({ row }) => row.childId === me).map(({ view }) => view),
  };
}
