import { and, eq, tutorPackages, type Executor, type SQL } from '@rapport/db';
import type { PackageView } from '../../../schemas/session-requests/packages';

export type PackageRow = typeof tutorPackages.$inferSelect;

export function toPackageView(row: PackageRow): PackageView {
  return {
    id: row.id,
    tutorId: row.tutorId,
    name: row.name,
    description: row.description,
    sessionCount: row.sessionCount,
    minutesPerSession: row.minutesPerSession,
    price: row.price,
    currency: row.currency,
    scheduleType: row.scheduleType,
    archivedAt: row.archivedAt?.toISOString() ?? null,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

/**
 * One of the tutor's own packages, archived or not, picked by `which` (its id,
 * or the client key it was created with); undefined when there is none.
 */
export async function ownPackage(db: Executor, tutorId: string, which: SQL): Promise<PackageRow | undefined> {
  const [row] = await db
    .select()
    .from(tutorPackages)
    .where(and(eq(tutorPackages.tutorId, tutorId), which))
    .limit(1);
  return row;
}
