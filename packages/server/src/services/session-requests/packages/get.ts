import { and, eq, isNull, not, or, tutorPackages } from '@rapport/db';
import type { Deps } from '../../../deps';
import { notFound } from '../../../errors';
import type { PackageView } from '../../../schemas/session-requests/packages';
import type { Actor } from '../../auth/sessions';
import { blockedEitherWay } from '../../blocks';
import { toPackageView } from './view';

/**
 * One package: the actor's own (archived too), or another tutor's while it is offered
 * and neither of the two blocks the other. Everything else is "not found",
 * whether or not it exists.
 */
export async function getPackage(deps: Deps, actor: Actor, input: { packageId: string }): Promise<PackageView> {
  const me = actor.userId;
  const [row] = await deps.db
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
