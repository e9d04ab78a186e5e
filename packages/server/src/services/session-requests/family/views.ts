import type { Executor } from '@rapport/db';
import { toPersonPreview, usersById, type PublicUserRow } from '../../../domain/users';
import type { FamilyLinkView } from '../../../schemas/session-requests/family';
import type { FamilyLinkRow } from './links';

export function toFamilyLinkView(row: FamilyLinkRow, people: Map<string, PublicUserRow>): FamilyLinkView {
  const parent = people.get(row.parentId);
  const child = people.get(row.childId);
  // Links cascade with their users, so both are always there.
  if (!parent || !child) throw new Error(`family link ${row.parentId}/${row.childId} points at a missing user`);
  return {
    parent: toPersonPreview(parent),
    child: toPersonPreview(child),
    status: row.status,
    requestedBy: row.requestedBy,
    createdAt: row.createdAt.toISOString(),
    respondedAt: row.respondedAt ? row.respondedAt.toISOString() : null,
  };
}

export async function viewOfLink(db: Executor, row: FamilyLinkRow): Promise<FamilyLinkView> {
  return toFamilyLinkView(row, await usersById(db, [row.parentId, row.childId]));
}
