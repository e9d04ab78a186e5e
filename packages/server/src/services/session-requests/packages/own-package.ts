import { and, eq, tutorPackages, type Executor } from '@rapport/db';
import type { PackageRow } from './view';

/** One of the tutor's own packages, archived or not; undefined when it is not theirs or does not exist. */
export async function ownPackage(db: Executor, tutorId: string, packageId: string): Promise<PackageRow | undefined> {
  const [row] = await db
    .select()
    .from(tutorPackages)
    .where(and(eq(tutorPackages.id, packageId), eq(tutorPackages.tutorId, tutorId)))
    .limit(1);
  return row;
}
