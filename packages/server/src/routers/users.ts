import { pageOutput } from '../pagination';
import { getProfileInput, privateProfile, publicProfile, searchUsersInput, updateProfileInput } from '../schemas/user';
import { getPublicProfile, updateOwnProfile } from '../services/users/profile';
import { searchUsers } from '../services/users/search';
import { protectedProcedure, router } from '../trpc';

export const usersRouter = router({
  get: protectedProcedure
    .input(getProfileInput)
    .output(publicProfile)
    .query(({ ctx, input }) => getPublicProfile(ctx.deps.db, ctx.actor, input)),

  updateMe: protectedProcedure
    .input(updateProfileInput)
    .output(privateProfile)
    .mutation(({ ctx, input }) => updateOwnProfile(ctx.deps.db, ctx.actor, input)),

  search: protectedProcedure
    .input(searchUsersInput)
    .output(pageOutput(publicProfile))
    .query(({ ctx, input }) => searchUsers(ctx.deps.db, ctx.actor, input)),
});
