import { sql, studentProfiles } from '@rapport/db';
import type { Deps } from '../../../deps';
import type { StudentProfileView } from '../../../schemas/session-requests/profiles';
import type { Actor } from '../../auth/sessions';
import { ownerPreview } from './owner';
import { toStudentView } from './views';

export interface StudentProfileInput {
  gradeLevel: string;
  subjects: string[];
}

/** Creates the caller's student profile or replaces its fields. */
export async function setStudentProfile(deps: Deps, actor: Actor, input: StudentProfileInput): Promise<StudentProfileView> {
  const values = { gradeLevel: input.gradeLevel, subjects: input.subjects };
  const [row] = await deps.db
    .insert(studentProfiles)
    .values({ userId: actor.userId, ...values })
    .onConflictDoUpdate({ target: studentProfiles.userId, set: { ...values, updatedAt: sql`now()` } })
    .returning();
  if (!row) throw new Error('student profile upsert returned no row');
  return toStudentView({ ...row, ...(await ownerPreview(deps.db, actor.userId)) });
}
