import { and, desc, eq, isNull, not, tutorPackages, tutorProfiles, type Database, type SQL } from '@rapport/db';
import { blockedEitherWay } from '../../../domain/blocks';
import type { Actor } from '../../../domain/sessions';
import { notFound } from '../../../errors';
import { decodeCursor, pastPosition, timeIdCursor, toPage, type Page } from '../../../pagination';
import type { MyPackagesInput, PackageView, TutorPackagesInput } from '../../../schemas/session-requests/packages';
import { toPackageView } from './view';

/** One tutor's packages matching `where`, newest first (the tutor_packages_tutor_idx order). */
async function pageOf(
  db: Database,
  tutorId: string,
  where: SQL | undefined,
  page: Pick<TutorPackagesInput, 'cursor' | 'limit'>,
): Promise<Page<PackageView>> {
  const after = page.cursor ? decodeCursor(page.cursor, timeIdCursor) : null;
  const rows = await db
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

/** The actor's own packages; archived ones only when asked for. */
export function myPackages(db: Database, actor: Actor, input: MyPackagesInput): Promise<Page<PackageView>> {
  return pageOf(db, actor.userId, input.includeArchived ? undefined : isNull(tutorPackages.archivedAt), input);
}

/**
 * What a tutor offers: their active packages. A user who is not a tutor, and
 * a tutor on either side of a block, are equally "not found".
 */
export async function packagesOfTutor(db: Database, actor: Actor, input: TutorPackagesInput): Promise<Page<PackageView>> {
  const [tutor] = await db
    .select({ userId: tutorProfiles.userId })
    .from(tutorProfiles)
    .where(and(eq(tutorProfiles.userId, input.tutorId), not(blockedEitherWay(tutorProfiles.userId, actor.userId))))
    .limit(1);
  if (!tutor) throw notFound('Tutor');
  return pageOf(db, input.tutorId, isNull(tutorPackages.archivedAt), input);
}
