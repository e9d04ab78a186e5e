import { and, desc, eq, isNull, not, tutorPackages, tutorProfiles, type SQL } from '@rapport/db';
import type { Deps } from '../../../deps';
import { notFound } from '../../../errors';
import { decodeCursor, pastPosition, timeIdCursor, toPage, type Page } from '../../../pagination';
import type { PackageView } from '../../../schemas/session-requests/packages';
import type { Actor } from '../../auth/sessions';
import { blockedEitherWay } from '../../blocks';
import { toPackageView } from './view';

interface PageRequest {
  cursor?: string | undefined;
  limit: number;
}

/** One tutor's packages matching `where`, newest first (the tutor_packages_tutor_idx order). */
async function pageOf(deps: Deps, tutorId: string, where: SQL | undefined, page: PageRequest): Promise<Page<PackageView>> {
  const after = page.cursor ? decodeCursor(page.cursor, timeIdCursor) : null;
  const rows = await deps.db
    .select()
    .from(tutorPackages)
    // The cursor's ISO string, not a Date: postgres.js would send a Date in a
    // form PostgreSQL refuses (see services/connections/list.ts).
    .where(
      and(
        eq(tutorPackages.tutorId, tutorId),
        where,
        after ? pastPosition([tutorPackages.createdAt, tutorPackages.id], [after[0], after[1]], 'desc') : undefined,
      ),
    )
    .orderBy(desc(tutorPackages.createdAt), desc(tutorPackages.id))
    .limit(page.limit + 1);
  return toPage(rows, page.limit, (r) => [r.createdAt.toISOString(), r.id], toPackageView);
}

export interface MyPackagesInput extends PageRequest {
  includeArchived: boolean;
}

/** The actor's own packages; archived ones only when asked for. */
export function myPackages(deps: Deps, actor: Actor, input: MyPackagesInput): Promise<Page<PackageView>> {
  return pageOf(deps, actor.userId, input.includeArchived ? undefined : isNull(tutorPackages.archivedAt), input);
}

export interface TutorPackagesInput extends PageRequest {
  tutorId: string;
}

/**
 * What a tutor offers: their active packages. A user who is not a tutor, and
 * a tutor on either side of a block, are equally "not found".
 */
export async function packagesOfTutor(deps: Deps, actor: Actor, input: TutorPackagesInput): Promise<Page<PackageView>> {
  const [tutor] = await deps.db
    .select({ userId: tutorProfiles.userId })
    .from(tutorProfiles)
    .where(and(eq(tutorProfiles.userId, input.tutorId), not(blockedEitherWay(tutorProfiles.userId, actor.userId))))
    .limit(1);
  if (!tutor) throw notFound('Tutor');
  return pageOf(deps, input.tutorId, isNull(tutorPackages.archivedAt), input);
}
