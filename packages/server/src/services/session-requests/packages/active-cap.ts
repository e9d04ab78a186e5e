import { and, count, eq, isNull, tutorPackages, type Transaction } from '@rapport/db';
import { AppError } from '../../../errors';
import { LIMITS } from '../../../limits';

/**
 * Refuses when the tutor already offers the most active packages allowed.
 * Call it under lockTutorPackages, which every change that can add to a
 * tutor's active packages (create, unarchive) takes first: the count stays
 * true until the transaction commits, so two creates at the cap minus one
 * cannot both see room for one more.
 */
export async function assertRoomForAnotherActive(tx: Transaction, tutorId: string, action: string): Promise<void> {
  const [row] = await tx
    .select({ active: count() })
    .from(tutorPackages)
    .where(and(eq(tutorPackages.tutorId, tutorId), isNull(tutorPackages.archivedAt)));
  const cap = LIMITS.activePackagesPerTutor;
  if ((row?.active ?? 0) >= cap) {
    throw new AppError('CONFLICT', `You already offer ${cap} packages; archive one before ${action}.`);
  }
}
