import { eq, tutorPackages, tutorProfiles, type Database } from '@rapport/db';
import { lockTutorPackages } from '../../../domain/locks';
import type { Actor } from '../../../domain/sessions';
import { AppError } from '../../../errors';
import type { PackageCreateInput, PackageView } from '../../../schemas/session-requests/packages';
import { assertRoomForAnotherActive } from './active-cap';
import { ownPackage, toPackageView } from './view';

const NOT_A_TUTOR = 'Only tutors offer packages. Create your tutor profile first with sessionRequests.profiles.setTutor.';

/**
 * A new package offered by the actor, who must hold a tutor profile. Safe to
 * retry with a client key: the same key returns the first package, even when
 * the tutor has since reached the cap.
 */
export async function createPackage(db: Database, actor: Actor, input: PackageCreateInput): Promise<PackageView> {
  const me = actor.userId;
  const row = await db.transaction(async (tx) => {
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
      const first = await ownPackage(tx, me, eq(tutorPackages.clientKey, input.clientKey));
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
