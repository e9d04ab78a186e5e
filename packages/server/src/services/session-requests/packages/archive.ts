import { and, eq, sql, tutorPackages, type Database } from '@rapport/db';
import type { Actor } from '../../../domain/sessions';
import { notFound } from '../../../errors';
import type { PackageRefInput, PackageView } from '../../../schemas/session-requests/packages';
import { toPackageView } from './view';

/**
 * Stops offering a package. It is kept, not deleted: requests made for it
 * still point at it. Archiving again returns it as it is, keeping the time it
 * was first archived.
 */
export async function archivePackage(db: Database, actor: Actor, input: PackageRefInput): Promise<PackageView> {
  const wasActive = sql`${tutorPackages.archivedAt} is null`;
  const [row] = await db
    .update(tutorPackages)
    .set({
      archivedAt: sql`coalesce(${tutorPackages.archivedAt}, now())`,
      updatedAt: sql`case when ${wasActive} then now() else ${tutorPackages.updatedAt} end`,
    })
    .where(and(eq(tutorPackages.id, input.packageId), eq(tutorPackages.tutorId, actor.userId)))
    .returning();
  if (!row) throw notFound('Package');
  return toPackageView(row);
}
