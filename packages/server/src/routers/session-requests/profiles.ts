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

/** The roles a user takes in session requests: tutor, student, parent (several at once if they like). */
export const profilesRouter = router({
  mine: protectedProcedure.output(myRoles).query(({ ctx }) => getMyRoles(ctx.deps.db, ctx.actor)),

  setTutor: protectedProcedure
    .input(tutorProfileInput)
    .output(tutorProfileView)
    .mutation(({ ctx, input }) => setTutorProfile(ctx.deps.db, ctx.actor, input)),

  setStudent: protectedProcedure
    .input(studentProfileInput)
    .output(studentProfileView)
    .mutation(({ ctx, input }) => setStudentProfile(ctx.deps.db, ctx.actor, input)),

  setParent: protectedProcedure.output(parentProfileView).mutation(({ ctx }) => setParentProfile(ctx.deps.db, ctx.actor)),

  tutor: protectedProcedure
    .input(profileOwnerInput)
    .output(tutorProfileView)
    .query(({ ctx, input }) => getTutorProfile(ctx.deps.db, ctx.actor, input)),

  tutors: protectedProcedure
    .input(tutorSearchInput)
    .output(pageOutput(tutorProfileView))
    .query(({ ctx, input }) => searchTutors(ctx.deps.db, ctx.actor, input)),

  student: protectedProcedure
    .input(profileOwnerInput)
    .output(studentProfileView)
    .query(({ ctx, input }) => getStudentProfile(ctx.deps.db, ctx.actor, input)),
});
