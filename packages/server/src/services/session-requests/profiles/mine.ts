import { eq, parentProfiles, studentProfiles, tutorProfiles } from '@rapport/db';
import type { Deps } from '../../../deps';
import type { MyRoles } from '../../../schemas/session-requests/profiles';
import type { Actor } from '../../auth/sessions';
import { selectStudents, selectTutors, toParentView, toStudentView, toTutorView } from './views';

/** Every role the caller holds, null where they hold none. */
export async function myRoles(deps: Deps, actor: Actor): Promise<MyRoles> {
  const me = actor.userId;
  const [[tutor], [student], [parent]] = await Promise.all([
    selectTutors(deps.db).where(eq(tutorProfiles.userId, me)).limit(1),
    selectStudents(deps.db).where(eq(studentProfiles.userId, me)).limit(1),
    deps.db.select().from(parentProfiles).where(eq(parentProfiles.userId, me)).limit(1),
  ]);
  return {
    tutor: tutor ? toTutorView(tutor) : null,
    student: student ? toStudentView(student) : null,
    parent: parent ? toParentView(parent) : null,
  };
}
