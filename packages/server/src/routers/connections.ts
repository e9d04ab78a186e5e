import { z } from 'zod';
import { pageInput, pageOutput, timeIdCursor } from '../pagination';
import {
  connectionMessageInput,
  connectionStats,
  connectionStatusInput,
  connectionTypeInput,
  connectionView,
  relationship,
  suggestion,
} from '../schemas/connection';
import { checkRelationships } from '../services/connections/check';
import { createConnection } from '../services/connections/create';
import { connectionsOfUser, listConnections } from '../services/connections/list';
import { removeConnection } from '../services/connections/remove';
import { respondToRequest } from '../services/connections/respond';
import { connectionStats as stats } from '../services/connections/stats';
import { suggestConnections } from '../services/connections/suggestions';
import { protectedProcedure, router } from '../trpc';

export const MAX_CHECK_BATCH = 100;

export const connectionsRouter = router({
  create: protectedProcedure
    .input(z.object({ targetUserId: z.uuid(), type: connectionTypeInput, message: connectionMessageInput.optional() }))
    .output(connectionView)
    .mutation(({ ctx, input }) => createConnection(ctx.deps, ctx.actor, input)),

  list: protectedProcedure
    .input(
      z.object({
        type: connectionTypeInput.optional(),
        status: connectionStatusInput.optional(),
        direction: z.enum(['outgoing', 'incoming', 'all']).default('all'),
        ...pageInput(timeIdCursor),
      }),
    )
    .output(pageOutput(connectionView))
    .query(({ ctx, input }) => listConnections(ctx.deps, ctx.actor, input)),

  stats: protectedProcedure
    .input(z.object({ userId: z.uuid().optional() }).default({}))
    .output(connectionStats)
    .query(({ ctx, input }) => stats(ctx.deps, ctx.actor, input)),

  respond: protectedProcedure
    .input(z.object({ connectionId: z.uuid(), status: z.enum(['accepted', 'rejected']) }))
    .output(connectionView)
    .mutation(({ ctx, input }) => respondToRequest(ctx.deps, ctx.actor, input)),

  remove: protectedProcedure
    .input(z.object({ connectionId: z.uuid() }))
    .output(z.object({ connectionId: z.uuid() }))
    .mutation(({ ctx, input }) => removeConnection(ctx.deps, ctx.actor, input)),

  check: protectedProcedure
    .input(z.object({ targetUserId: z.uuid() }))
    .output(relationship)
    .query(async ({ ctx, input }) => {
      const [only] = await checkRelationships(ctx.deps, ctx.actor, [input.targetUserId]);
      if (!only) throw new Error('check returned no relationship');
      return only;
    }),

  checkMany: protectedProcedure
    .input(z.object({ targetUserIds: z.array(z.uuid()).min(1).max(MAX_CHECK_BATCH, `At most ${MAX_CHECK_BATCH} users at a time.`) }))
    .output(z.array(relationship))
    .query(({ ctx, input }) => checkRelationships(ctx.deps, ctx.actor, input.targetUserIds)),

  ofUser: protectedProcedure
    .input(z.object({ userId: z.uuid(), type: z.enum(['followers', 'following', 'friends']), ...pageInput(timeIdCursor) }))
    .output(pageOutput(connectionView))
    .query(({ ctx, input }) => connectionsOfUser(ctx.deps, ctx.actor, input)),

  suggestions: protectedProcedure
    .input(z.object({ limit: z.number().int().min(1).max(50).default(10) }).default({ limit: 10 }))
    .output(z.array(suggestion))
    .query(({ ctx, input }) => suggestConnections(ctx.deps, ctx.actor, input)),
});
