import { familyLinks, inArray, users, type Executor } from '@rapport/db';
import type { PersonPreview } from '../../../schemas/user';
import type { FamilyLinkView } from '../../../schemas/session-requests/profiles';

export type FamilyLinkRow = typeof familyLinks.$inferSelect;

export async function previewsOf(db: Executor, ids: string[]): Promise<Map<string, PersonPreview>> {
  if (ids.length === 0) return new Map();
  const rows = await db
    .select({ id: users.id, name: users.name, avatarUrl: users.avatarUrl })
    .from(users)
    .where(inArray(users.id, [...new Set(ids)]));
  return new Map(rows.map((r) => [r.id, r]));
}

export function toFamilyLinkView(row: FamilyLinkRow, people: Map<string, PersonPreview>): FamilyLinkView {
  const parent = people.get(row.parentId);
  const child = people.get(row.childId);
  // Links cascade with their users, so both are always there.
  if (!parent || !child) throw new Error(`family link ${row.parentId}/${row.childId} points at a missing user`);
  return {
    parent,
    child,
    status: row.status,
    requestedBy: row.requestedBy,
    createdAt: row.createdAt.toISOString(),
    respondedAt: row.respondedAt ? row.respondedAt.toISOString() : null,
  };
}

export async function viewOfLink(db: Executor, row: FamilyLinkRow): Promise<FamilyLinkView> {
  return toFamilyLinkView(row, await previewsOf(db, [row.parentId, row.childId]));
}
