import { router } from '../trpc';
import { authRouter } from './auth';
import { connectionsRouter } from './connections';
import { eventsRouter } from './events';
import { usersRouter } from './users';

export const appRouter = router({
  auth: authRouter,
  users: usersRouter,
  connections: connectionsRouter,
  events: eventsRouter,
});

export type AppRouter = typeof appRouter;
