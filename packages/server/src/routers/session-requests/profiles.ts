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
import { restRoutes } from '../rest-route';

const rest = restRoutes('sessionRequests');

/** The roles a user takes in session requests: tutor, student, parent (several at once if they like). */
export const profilesRouter = router({
  mine: protectedProcedure
    .meta(rest('GET', '/profiles/me', 'My tutor, student and parent profiles.'))
    .output(myRoles)
    .query(serve(getMyRoles)),

  setTutor: protectedProcedure
    .meta(rest('PUT', '/profiles/tutor', 'Creates or replaces my tutor profile.'))
    .input(tutorProfileInput)
    .output(tutorProfileView)
    .mutation(serve(setTutorProfile)),

  setStudent: protectedProcedure
    .meta(rest('PUT', '/profiles/student', 'Creates or replaces my student profile.'))
    .input(studentProfileInput)
    .output(studentProfileView)
    .mutation(serve(setStudentProfile)),

  setParent: protectedProcedure
    .meta(rest('PUT', '/profiles/parent', 'Makes me a parent.'))
    .output(parentProfileView)
    .mutation(serve(setParentProfile)),

  tutor: protectedProcedure
    .meta(rest('GET', '/tutors/{userId}', 'A tutor\'s profile.'))
    .input(profileOwnerInput)
    .output(tutorProfileView)
    .query(serve(getTutorProfile)),

  tutors: protectedProcedure
    .meta(rest('GET', '/tutors', 'Finds tutors by subject and language.'))
    .input(tutorSearchInput)
    .output(pageOutput(tutorProfileView))
    .query(serve(searchTutors)),

  student: protectedProcedure
    .meta(rest('GET', '/students/{userId}', 'A student\'s profile (to their family and tutors).'))
    .input(profileOwnerInput)
    .output(studentProfileView)
    .query(serve(getStudentProfile)),
});
