import { clearedLocation, nearbyInput, nearbyResult, sharedLocation, updateLocationInput } from '../../schemas/nearby';
import { clearLocation, updateLocation } from '../../services/nearby/location';
import { nearby } from '../../services/nearby/nearby';
import { protectedProcedure, router } from '../../trpc';
import { serve, serveWith } from '../procedure';
import { restRoutes } from '../rest-route';

const rest = restRoutes('invitations');

/** Opt-in location sharing: coarsened, forgotten after LOCATION_TTL_SECONDS, cleared at will. */
export const locationRouter = router({
  update: protectedProcedure
    .meta(rest('PUT', '/location', 'Shares where I am (rounded to about a kilometre) for nearby, for a while.'))
    .input(updateLocationInput)
    .output(sharedLocation)
    .mutation(serveWith(updateLocation, (deps) => ({ ttlSeconds: deps.config.locationTtlSeconds }))),

  clear: protectedProcedure.meta(rest('DELETE', '/location', 'Stops sharing my location at once.')).output(clearedLocation).mutation(serve(clearLocation)),
});

/** People sharing their location near mine, and public upcoming activities around it. */
export const nearbyProcedure = protectedProcedure
  .meta(rest('GET', '/nearby', 'People who share their location near mine, and activities around it.'))
  .input(nearbyInput)
  .output(nearbyResult)
  .query(serve(nearby));
