import type { tutorPackages } from '@rapport/db';
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
