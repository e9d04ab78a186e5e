import { and, eq, not, or, sql, studentProfiles, type Database } from '@rapport/db';
import { blockedEitherWay } from '../../../domain/blocks';
import type { Actor } from '../../../domain/sessions';
import { notFound } from '../../../errors';
import type { ProfileOwnerInput, StudentProfileView } from '../../../schemas/session-requests/profiles';
import { isAcceptedParent } from '../family/accepted';
import { selectStudents, toStudentView } from './views';

/**
 * A student's profile, for the student, their accepted parents and the tutors
 * they have asked. Who may see it is decided in the query that reads it, so
 * a stranger cannot tell a hidden student from one that does not exist.
 */
export async function getStudentProfile(db: Database, actor: Actor, input: ProfileOwnerInput): Promise<StudentProfileView> {
  const me = actor.userId;
  const student = sql`${studentProfiles.userId}`;
  const [row] = await selectStudents(db)
    .where(
      and(
        eq(studentProfiles.userId, input.userId),
        not(blockedEitherWay(studentProfiles.userId, me)),
        or(
          eq(studentProfiles.userId, me),
          isAcceptedParent(me, student),
          sql`exists (select 1 from session_requests sr where sr.tutor_id = ${me} and sr.student_id = ${student})`,
        ),
      ),
    )
    .limit(1);
  if (!row) throw notFound('Student');
  return toStudentView(row);
}
