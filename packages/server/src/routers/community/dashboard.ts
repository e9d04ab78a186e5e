import { dashboardView } from '../../schemas/dashboard';
import { dashboard } from '../../services/dashboard/dashboard';
import { protectedProcedure } from '../../trpc';
import { serve } from '../procedure';
import { restRoutes } from '../rest-route';

const rest = restRoutes('community');

/** community.dashboard: my streak, friends, circles, unread notifications and the day's message. */
export const dashboardProcedure = protectedProcedure
  .meta(rest('GET', '/community/dashboard', 'My streak, connections, circles, unread notifications and the message of the day.'))
  .output(dashboardView)
  .query(serve(dashboard));
