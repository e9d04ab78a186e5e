import { router } from '../trpc';
import { authRouter } from './auth';
import { chatRouter } from './chat/index';
import { communityRouter } from './community/index';
import { connectionsRouter } from './connections';
import { eventsRouter } from './events/index';
import { invitationsRouter } from './invitations/index';
import { sessionRequestsRouter } from './session-requests/index';
import { usersRouter } from './users';

export const appRouter = router({
  auth: authRouter,
  users: usersRouter,
  connections: connectionsRouter,
  chat: chatRouter,
  sessionRequests: sessionRequestsRouter,
  invitations: invitationsRouter,
  community: communityRouter,
  events: eventsRouter,
});

export type AppRouter = typeof appRouter;
