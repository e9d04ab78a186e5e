import { router } from '../../trpc';
import { activitiesRouter } from './activities';

/** Activities people create, join and (next) invite each other to, rate and remember. */
export const invitationsRouter = router({
  activities: activitiesRouter,
});
