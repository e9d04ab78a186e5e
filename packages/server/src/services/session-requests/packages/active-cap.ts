import { and, count, eq, isNull, tutorPackages, type Transaction } from '@rapport/db';
import { AppError } from '../../../errors';
import { LIMITS } from '../../../limits';
import { lockKey } from '../../advisory-lock';

/**
 * Serialises every change that can add to a tutor's active packages (create,
 * unarchive), so the count read under it stays true until the transaction
 * commits: two creates at 49 cannot both see room for one more.
 */
export async function lockTutorPackages(tx: Transaction, tutorId: string): Promise<void> {
  await lockKey(tx, `packages:${tutorId}`);
}

/** Refuses when the tutor already offers the most active packages allowed; call it under lockTutorPackages. */
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
