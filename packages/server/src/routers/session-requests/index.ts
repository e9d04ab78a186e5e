import { z } from 'zod';
import { pageInput, pageOutput, timeIdCursor } from '../../pagination';
import {
  rejectReasonInput,
  requestBoxInput,
  sessionRequestCreateInput,
  sessionRequestStatus,
  sessionRequestView,
} from '../../schemas/session-requests/requests';
import { createSessionRequest } from '../../services/session-requests/create';
import { getSessionRequest } from '../../services/session-requests/get';
import { listSessionRequests } from '../../services/session-requests/list';
import { respondToSessionRequest } from '../../services/session-requests/respond';
import { protectedProcedure, router } from '../../trpc';
import { familyRouter } from './family';
import { packagesRouter } from './packages';
import { profilesRouter } from './profiles';

const byId = z.object({ requestId: z.uuid() });

export const sessionRequestsRouter = router({
  profiles: profilesRouter,
  family: familyRouter,
  packages: packagesRouter,

  create: protectedProcedure
    .input(sessionRequestCreateInput)
    .output(sessionRequestView)
    .mutation(({ ctx, input }) => createSessionRequest(ctx.deps, ctx.actor, input)),

  accept: protectedProcedure
    .input(byId)
    .output(sessionRequestView)
    .mutation(({ ctx, input }) => respondToSessionRequest(ctx.deps, ctx.actor, { requestId: input.requestId, to: 'accepted' })),

  reject: protectedProcedure
    .input(byId.extend({ reason: rejectReasonInput.optional() }))
    .output(sessionRequestView)
    .mutation(({ ctx, input }) => respondToSessionRequest(ctx.deps, ctx.actor, { ...input, to: 'rejected' })),

  cancel: protectedProcedure
    .input(byId)
    .output(sessionRequestView)
    .mutation(({ ctx, input }) => respondToSessionRequest(ctx.deps, ctx.actor, { requestId: input.requestId, to: 'cancelled' })),

  list: protectedProcedure
    .input(z.object({ box: requestBoxInput, status: sessionRequestStatus.optional(), ...pageInput(timeIdCursor) }))
    .output(pageOutput(sessionRequestView))
    .query(({ ctx, input }) => listSessionRequests(ctx.deps, ctx.actor, input)),

  get: protectedProcedure
    .input(byId)
    .output(sessionRequestView)
    .query(({ ctx, input }) => getSessionRequest(ctx.deps, ctx.actor, input)),
});
