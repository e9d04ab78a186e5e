import { and, eq, not, tutorProfiles } from '@rapport/db';
import type { Deps } from '../../../deps';
import { notFound } from '../../../errors';
import type { TutorProfileView } from '../../../schemas/session-requests/profiles';
import type { Actor } from '../../auth/sessions';
import { blockedEitherWay } from '../../blocks';
import { selectTutors, toTutorView } from './views';

/** A tutor's public profile. Someone who blocks you, or whom you block, is no tutor to you. */
export async function getTutorProfile(deps: Deps, actor: Actor, input: { userId: string }): Promise<TutorProfileView> {
  const [row] = await selectTutors(deps.db)
    .where(and(eq(tutorProfiles.userId, input.userId), not(blockedEitherWay(tutorProfiles.userId, actor.userId))))
    .limit(1);
  if (!row) throw notFound('Tutor');
  return toTutorView(row);
}
