import { router } from '../trpc';
import { authRouter } from './auth';
import { connectionsRouter } from './connections';
import { usersRouter } from './users';

export const appRouter = router({
  auth: authRouter,
  users: usersRouter,
  connections: connectionsRouter,
});

export type AppRouter = typeof appRouter;
