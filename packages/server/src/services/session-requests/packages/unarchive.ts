import { and, eq, sql, tutorPackages } from '@rapport/db';
import type { Deps } from '../../../deps';
import { notFound } from '../../../errors';
import type { PackageView } from '../../../schemas/session-requests/packages';
import type { Actor } from '../../auth/sessions';
import { assertRoomForAnotherActive, lockTutorPackages } from './active-cap';
import { ownPackage } from './own-package';
import { toPackageView } from './view';

/** Offers an archived package again, within the cap on active packages; an active one is returned as it is. */
export async function unarchivePackage(deps: Deps, actor: Actor, input: { packageId: string }): Promise<PackageView> {
  const me = actor.userId;
  const row = await deps.db.transaction(async (tx) => {
    await lockTutorPackages(tx, me);
    const owned = await ownPackage(tx, me, input.packageId);
    if (!owned) throw notFound('Package');
    if (owned.archivedAt === null) return owned;
    await assertRoomForAnotherActive(tx, me, 'unarchiving another');
    const [restored] = await tx
      .update(tutorPackages)
      .set({ archivedAt: null, updatedAt: sql`now()` })
      .where(and(eq(tutorPackages.id, input.packageId), eq(tutorPackages.tutorId, me)))
      .returning();
    if (!restored) throw notFound('Package');
    return restored;
  });
  return toPackageView(row);
}
