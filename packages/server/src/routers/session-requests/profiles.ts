import { pageInput, pageOutput, timeIdCursor } from '../../pagination';
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
import { myRoles as rolesOf } from '../../services/session-requests/profiles/mine';
import { setParentProfile } from '../../services/session-requests/profiles/set-parent';
import { setStudentProfile } from '../../services/session-requests/profiles/set-student';
import { setTutorProfile } from '../../services/session-requests/profiles/set-tutor';
import { getStudentProfile } from '../../services/session-requests/profiles/student';
import { getTutorProfile } from '../../services/session-requests/profiles/tutor';
import { searchTutors } from '../../services/session-requests/profiles/tutors';
import { protectedProcedure, router } from '../../trpc';

/** The roles a user holds for tutoring: tutor, student, parent (several at once if they like). */
export const profilesRouter = router({
  mine: protectedProcedure.output(myRoles).query(({ ctx }) => rolesOf(ctx.deps, ctx.actor)),

  setTutor: protectedProcedure
    .input(tutorProfileInput)
    .output(tutorProfileView)
    .mutation(({ ctx, input }) => setTutorProfile(ctx.deps, ctx.actor, input)),

  setStudent: protectedProcedure
    .input(studentProfileInput)
    .output(studentProfileView)
    .mutation(({ ctx, input }) => setStudentProfile(ctx.deps, ctx.actor, input)),

  setParent: protectedProcedure.output(parentProfileView).mutation(({ ctx }) => setParentProfile(ctx.deps, ctx.actor)),

  tutor: protectedProcedure
    .input(profileOwnerInput)
    .output(tutorProfileView)
    .query(({ ctx, input }) => getTutorProfile(ctx.deps, ctx.actor, input)),

  tutors: protectedProcedure
    .input(tutorSearchInput.extend(pageInput(timeIdCursor)).prefault({}))
    .output(pageOutput(tutorProfileView))
    .query(({ ctx, input }) => searchTutors(ctx.deps, ctx.actor, input)),

  student: protectedProcedure
    .input(profileOwnerInput)
    .output(studentProfileView)
    .query(({ ctx, input }) => getStudentProfile(ctx.deps, ctx.actor, input)),
});
