import { pageOutput } from '../pagination';
import { INTEREST_CATALOGUE, interestCatalogue } from '../schemas/interests';
import { getProfileInput, privateProfile, publicProfile, searchUsersInput, updateProfileInput } from '../schemas/user';
import { getPublicProfile, updateOwnProfile } from '../services/users/profile';
import { searchUsers } from '../services/users/search';
import { protectedProcedure, router } from '../trpc';
import { serve, serveWith, withEvents } from './procedure';
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
    .mutation(serveWith(updateOwnProfile, withEvents)),

  // The known set a profile's interests come from, for an app's picker.
  interests: protectedProcedure
    .meta(rest('GET', '/interests', 'The interests a profile may list, by category.'))
    .output(interestCatalogue)
    .query(() => INTEREST_CATALOGUE),

  search: protectedProcedure
    .meta(rest('GET', '/users', 'Finds people by name.'))
    .input(searchUsersInput)
    .output(pageOutput(publicProfile))
    .query(serve(searchUsers)),
});
