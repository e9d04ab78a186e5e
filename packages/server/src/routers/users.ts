import { pageOutput } from '../pagination';
import { getProfileInput, privateProfile, publicProfile, searchUsersInput, updateProfileInput } from '../schemas/user';
import { getPublicProfile, updateOwnProfile } from '../services/users/profile';
import { searchUsers } from '../services/users/search';
import { protectedProcedure, router } from '../trpc';
import { serve } from './procedure';
import { restRoutes } from './rest-route';

const rest = restRoutes('users');

export const usersRouter = router({
  get: protectedProcedure
    .meta(rest('GET', '/users/{userId}', 'A user\'s public profile.'))
    .input(getProfileInput)
    .output(publicProfile)
    .query(serve(getPublicProfile)),

  updateMe: protectedProcedure
    .meta(rest('PUT', '/users/profile', 'Changes my profile: only the fields given.'))
    .input(updateProfileInput)
    .output(privateProfile)
    .mutation(serve(updateOwnProfile)),

  search: protectedProcedure
    .meta(rest('GET', '/users', 'Finds people by name.'))
    .input(searchUsersInput)
    .output(pageOutput(publicProfile))
    .query(serve(searchUsers)),
});
