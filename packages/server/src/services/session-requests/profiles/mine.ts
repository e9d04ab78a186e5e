import { eq, parentProfiles, studentProfiles, tutorProfiles, type Database } from '@rapport/db';
import type { Actor } from '../../../domain/sessions';
import type { MyRoles } from '../../../schemas/session-requests/profiles';
import { selectStudents, selectTutors, toParentView, toStudentView, toTutorView } from './views';

/** Every role the caller holds, null where they hold none. */
export async function getMyRoles(db: Database, actor: Actor): Promise<MyRoles> {
  const me = actor.userId;
  const [[tutor], [student], [parent]] = await Promise.all([
    selectTutors(db).where(eq(tutorProfiles.userId, me)).limit(1),
    selectStudents(db).where(eq(studentProfiles.userId, me)).limit(1),
    db.select().from(parentProfiles).where(eq(parentProfiles.userId, me)).limit(1),
  ]);
  return {
    tutor: tutor ? toTutorView(tutor) : null,
    student: student ? toStudentView(student) : null,
    parent: parent ? toParentView(parent) : null,
  };
}
