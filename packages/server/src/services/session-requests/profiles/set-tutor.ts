import { sql, tutorProfiles } from '@rapport/db';
import type { Deps } from '../../../deps';
import type { TutorProfileView } from '../../../schemas/session-requests/profiles';
import type { Actor } from '../../auth/sessions';
import { ownerPreview } from './owner';
import { toTutorView } from './views';

export interface TutorProfileInput {
  bio: string;
  subjects: string[];
  languages: string[];
  hourlyRate: number;
  currency: string;
}

/** Creates the caller's tutor profile or replaces its fields; calling it again with the same input changes only updatedAt. */
export async function setTutorProfile(deps: Deps, actor: Actor, input: TutorProfileInput): Promise<TutorProfileView> {
  const values = { bio: input.bio, subjects: input.subjects, languages: input.languages, hourlyRate: input.hourlyRate, currency: input.currency };
  const [row] = await deps.db
    .insert(tutorProfiles)
    .values({ userId: actor.userId, ...values })
    .onConflictDoUpdate({ target: tutorProfiles.userId, set: { ...values, updatedAt: sql`now()` } })
    .returning();
  if (!row) throw new Error('tutor profile upsert returned no row');
  return toTutorView({ ...row, ...(await ownerPreview(deps.db, actor.userId)) });
}
