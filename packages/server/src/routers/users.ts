import { pageOutput } from '../pagination';
import { getProfileInput, privateProfile, publicProfile, searchUsersInput, updateProfileInput } from '../schemas/user';
import { getPublicProfile, updateOwnProfile } from '../services/users/profile';
import { searchUsers } from '../services/users/search';
import { protectedProcedure, router } from '../trpc';
import { serve } from './procedure';

export const usersRouter = router({
  get: protectedProcedure.input(getProfileInput).output(publicProfile).query(serve(getPublicProfile)),

  updateMe: protectedProcedure.input(updateProfileInput).output(privateProfile).mutation(serve(updateOwnProfile)),

  search: protectedProcedure.input(searchUsersInput).output(pageOutput(publicProfile)).query(serve(searchUsers)),
});
