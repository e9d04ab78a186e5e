import { pageOutput } from '../../pagination';
import { discoverInput, discovered } from '../../schemas/discover';
import { discover } from '../../services/discover/discover';
import { protectedProcedure } from '../../trpc';
import { serve } from '../procedure';
import { restRoutes } from '../rest-route';

const rest = restRoutes('community');

/** community.discover: people I would get along with, most compatible first, each with why. Connect with connections.create. */
export const discoverProcedure = protectedProcedure
  .meta(rest('GET', '/community/discover', 'People I would get along with, most compatible first, each with the reasons.'))
  .input(discoverInput)
  .output(pageOutput(discovered))
  .query(serve(discover));
