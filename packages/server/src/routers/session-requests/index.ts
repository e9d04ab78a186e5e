import { pageOutput } from '../../pagination';
import {
  listSessionRequestsInput,
  rejectSessionRequestInput,
  sessionRequestCreateInput,
  sessionRequestRefInput,
  sessionRequestView,
} from '../../schemas/session-requests/requests';
import { createSessionRequest } from '../../services/session-requests/create';
import { getSessionRequest, listSessionRequests } from '../../services/session-requests/read';
import { acceptSessionRequest, cancelSessionRequest, rejectSessionRequest } from '../../services/session-requests/respond';
import { protectedProcedure, router } from '../../trpc';
import { familyRouter } from './family';
import { packagesRouter } from './packages';
import { profilesRouter } from './profiles';

export const sessionRequestsRouter = router({
  profiles: profilesRouter,
  family: familyRouter,
  packages: packagesRouter,

  create: protectedProcedure
    .input(sessionRequestCreateInput)
    .output(sessionRequestView)
    .mutation(({ ctx, input }) => createSessionRequest(ctx.deps.db, ctx.actor, input, { events: ctx.deps.events })),

  accept: protectedProcedure
    .input(sessionRequestRefInput)
    .output(sessionRequestView)
    .mutation(({ ctx, input }) => acceptSessionRequest(ctx.deps.db, ctx.actor, input, { events: ctx.deps.events })),

  reject: protectedProcedure
    .input(rejectSessionRequestInput)
    .output(sessionRequestView)
    .mutation(({ ctx, input }) => rejectSessionRequest(ctx.deps.db, ctx.actor, input, { events: ctx.deps.events })),

  cancel: protectedProcedure
    .input(sessionRequestRefInput)
    .output(sessionRequestView)
    .mutation(({ ctx, input }) => cancelSessionRequest(ctx.deps.db, ctx.actor, input, { events: ctx.deps.events })),

  list: protectedProcedure
    .input(listSessionRequestsInput)
    .output(pageOutput(sessionRequestView))
    .query(({ ctx, input }) => listSessionRequests(ctx.deps.db, ctx.actor, input)),

  get: protectedProcedure
    .input(sessionRequestRefInput)
    .output(sessionRequestView)
    .query(({ ctx, input }) => getSessionRequest(ctx.deps.db, ctx.actor, input)),
});
