import { and, eq, isNull, sql, tutorPackages } from '@rapport/db';
import type { Deps } from '../../../deps';
import { AppError, notFound } from '../../../errors';
import type { PackageUpdateInput, PackageView } from '../../../schemas/session-requests/packages';
import type { Actor } from '../../auth/sessions';
import { ownPackage } from './own-package';
import { toPackageView } from './view';

/**
 * Changes an active package of the actor's. Requests already made keep the
 * snapshot taken when they were sent, so any field may change at any time.
 */
export async function updatePackage(deps: Deps, actor: Actor, input: PackageUpdateInput): Promise<PackageView> {
  const me = actor.userId;
  const { packageId, ...changes } = input;
  const [row] = await deps.db
    .update(tutorPackages)
    .set({ ...changes, updatedAt: sql`now()` })
    .where(and(eq(tutorPackages.id, packageId), eq(tutorPackages.tutorId, me), isNull(tutorPackages.archivedAt)))
    .returning();
  if (row) return toPackageView(row);
  // Nothing changed: say why, telling a stranger no more than that it is not theirs.
  if (!(await ownPackage(deps.db, me, packageId))) throw notFound('Package');
  throw new AppError('CONFLICT', 'This package is archived; unarchive it to change it.');
}
