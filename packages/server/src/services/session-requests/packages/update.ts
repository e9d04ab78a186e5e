import { and, eq, isNull, sql, tutorPackages, type Database } from '@rapport/db';
import type { Actor } from '../../../domain/sessions';
import { AppError, notFound } from '../../../errors';
import type { PackageUpdateInput, PackageView } from '../../../schemas/session-requests/packages';
import { ownPackage, toPackageView } from './view';

/**
 * Changes an active package of the actor's. Requests already made keep the
 * snapshot taken when they were sent, so any field may change at any time.
 */
export async function updatePackage(db: Database, actor: Actor, input: PackageUpdateInput): Promise<PackageView> {
  const me = actor.userId;
  const { packageId, ...changes } = input;
  const [row] = await db
    .update(tutorPackages)
    .set({ ...changes, updatedAt: sql`now()` })
    .where(and(eq(tutorPackages.id, packageId), eq(tutorPackages.tutorId, me), isNull(tutorPackages.archivedAt)))
    .returning();
  if (row) return toPackageView(row);
  // Nothing changed: say why, telling a stranger no more than that it is not theirs.
  if (!(await ownPackage(db, me, eq(tutorPackages.id, packageId)))) throw notFound('Package');
  throw new AppError('CONFLICT', 'This package is archived; unarchive it to change it.');
}
