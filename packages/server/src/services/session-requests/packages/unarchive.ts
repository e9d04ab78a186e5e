import { and, eq, sql, tutorPackages, type Database } from '@rapport/db';
import { lockTutorPackages } from '../../../domain/locks';
import type { Actor } from '../../../domain/sessions';
import { notFound } from '../../../errors';
import type { PackageRefInput, PackageView } from '../../../schemas/session-requests/packages';
import { assertRoomForAnotherActive } from './active-cap';
import { ownPackage, toPackageView } from './view';

/** Offers an archived package again, within the cap on active packages; an active one is returned as it is. */
export async function unarchivePackage(db: Database, actor: Actor, input: PackageRefInput): Promise<PackageView> {
  const me = actor.userId;
  const row = await db.transaction(async (tx) => {
    await lockTutorPackages(tx, me);
    const owned = await ownPackage(tx, me, eq(tutorPackages.id, input.packageId));
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
