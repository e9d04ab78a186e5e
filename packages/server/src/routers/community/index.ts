import { router } from '../../trpc';
import { circleProcedures } from './circles';
import { dashboardProcedure } from './dashboard';
import { discoverProcedure } from './discover';
import { notificationsRouter } from './notifications';
import { postsRouter } from './posts';

/**
 * XelaConnect's community (docs/ARCHITECTURE.md, "Community"): circles and
 * their feeds, people to meet, one notification feed, and the dashboard.
 */
export const communityRouter = router({
  circles: router({ ...circleProcedures, posts: postsRouter }),
  discover: discoverProcedure,
  notifications: notificationsRouter,
  dashboard: dashboardProcedure,
});
