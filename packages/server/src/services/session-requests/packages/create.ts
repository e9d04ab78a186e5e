import { and, eq, tutorPackages, tutorProfiles, type Transaction } from '@rapport/db';
import type { Deps } from '../../../deps';
import { AppError } from '../../../errors';
import type { PackageCreateInput, PackageView } from '../../../schemas/session-requests/packages';
import type { Actor } from '../../auth/sessions';
import { assertRoomForAnotherActive, lockTutorPackages } from './active-cap';
import { toPackageView, type PackageRow } from './view';

const NOT_A_TUTOR = 'Only tutors offer packages. Create your tutor profile first with sessionRequests.profiles.setTutor.';

/**
 * A new package offered by the actor, who must hold a tutor profile. Safe to
 * retry with a client key: the same key returns the first package, even when
 * the tutor has since reached the cap.
 */
export async function createPackage(deps: Deps, actor: Actor, input: PackageCreateInput): Promise<PackageView> {
  const me = actor.userId;
  const row = await deps.db.transaction(async (tx) => {
    // Taken before reading anything, so a retry racing its first attempt
    // waits for it and then finds its row by key.
    await lockTutorPackages(tx, me);
    // KEY SHARE keeps the profile (which the package references) from being
    // deleted before this commits, without blocking edits to it.
    const [profile] = await tx
      .select({ currency: tutorProfiles.currency })
      .from(tutorProfiles)
      .where(eq(tutorProfiles.userId, me))
      .for('key share');
    if (!profile) throw new AppError('FORBIDDEN', NOT_A_TUTOR);
    if (input.clientKey !== undefined) {
      const first = await createdWithKey(tx, me, input.clientKey);
      if (first) return first;
    }
    await assertRoomForAnotherActive(tx, me, 'adding another');
    const [created] = await tx
      .insert(tutorPackages)
      .values({
        tutorId: me,
        name: input.name,
        description: input.description,
        sessionCount: input.sessionCount,
        minutesPerSession: input.minutesPerSession,
        price: input.price,
        currency: input.currency ?? profile.currency,
        scheduleType: input.scheduleType,
        clientKey: input.clientKey ?? null,
      })
      .returning();
    if (!created) throw new Error('package insert returned no row');
    return created;
  });
  return toPackageView(row);
}

async function createdWithKey(tx: Transaction, tutorId: string, clientKey: string): Promise<PackageRow | undefined> {
  const [first] = await tx
    .select()
    .from(tutorPackages)
    .where(and(eq(tutorPackages.tutorId, tutorId), eq(tutorPackages.clientKey, clientKey)))
    .limit(1);
  return first;
}
