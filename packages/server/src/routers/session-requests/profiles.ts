import { pageOutput } from '../../pagination';
import {
  myRoles,
  parentProfileView,
  profileOwnerInput,
  studentProfileInput,
  studentProfileView,
  tutorProfileInput,
  tutorProfileView,
  tutorSearchInput,
} from '../../schemas/session-requests/profiles';
import { getMyRoles } from '../../services/session-requests/profiles/mine';
import { setParentProfile, setStudentProfile, setTutorProfile } from '../../services/session-requests/profiles/set';
import { getStudentProfile } from '../../services/session-requests/profiles/student';
import { getTutorProfile, searchTutors } from '../../services/session-requests/profiles/tutors';
import { protectedProcedure, router } from '../../trpc';
import { serve } from '../procedure';

/** The roles a user takes in session requests: tutor, student, parent (several at once if they like). */
export const profilesRouter = router({
  mine: protectedProcedure.output(myRoles).query(serve(getMyRoles)),

  setTutor: protectedProcedure.input(tutorProfileInput).output(tutorProfileView).mutation(serve(setTutorProfile)),

  setStudent: protectedProcedure.input(studentProfileInput).output(studentProfileView).mutation(serve(setStudentProfile)),

  setParent: protectedProcedure.output(parentProfileView).mutation(serve(setParentProfile)),

  tutor: protectedProcedure.input(profileOwnerInput).output(tutorProfileView).query(serve(getTutorProfile)),

  tutors: protectedProcedure.input(tutorSearchInput).output(pageOutput(tutorProfileView)).query(serve(searchTutors)),

  student: protectedProcedure.input(profileOwnerInput).output(studentProfileView).query(serve(getStudentProfile)),
});
