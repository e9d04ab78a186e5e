import { and, eq, isNull, not, or, tutorPackages, type Database } from '@rapport/db';
import { blockedEitherWay } from '../../../domain/blocks';
import type { Actor } from '../../../domain/sessions';
import { notFound } from '../../../errors';
import type { PackageRefInput, PackageView } from '../../../schemas/session-requests/packages';
import { toPackageView } from './view';

/**
 * One package: the actor's own (archived too), or another tutor's while it is offered
 * and neither of the two blocks the other. Everything else is "not found",
 * whether or not it exists.
 */
export async function getPackage(db: Database, actor: Actor, input: PackageRefInput): Promise<PackageView> {
  const me = actor.userId;
  const [row] = await db
    .select()
    .from(tutorPackages)
    .where(
      and(
        eq(tutorPackages.id, input.packageId),
        or(
          eq(tutorPackages.tutorId, me),
          and(isNull(tutorPackages.archivedAt), not(blockedEitherWay(tutorPackages.tutorId, me))),
        ),
      ),
    )
    .limit(1);
  if (!row) throw notFound('Package');
  return toPackageView(row);
}
