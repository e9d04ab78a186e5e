import { pageOutput } from '../pagination';
import {
  checkRelationshipInput,
  checkRelationshipsInput,
  connectionStats,
  connectionStatsInput,
  connectionsOfUserInput,
  connectionView,
  createConnectionInput,
  listConnectionsInput,
  relationship,
  relationshipList,
  removeConnectionInput,
  removedConnection,
  respondToRequestInput,
  suggestionList,
  suggestionsInput,
} from '../schemas/connection';
import { checkRelationship, checkRelationships } from '../services/connections/check';
import { createConnection } from '../services/connections/create';
import { connectionsOfUser, listConnections } from '../services/connections/list';
import { removeConnection } from '../services/connections/remove';
import { respondToRequest } from '../services/connections/respond';
import { getConnectionStats } from '../services/connections/stats';
import { suggestConnections } from '../services/connections/suggestions';
import { protectedProcedure, router } from '../trpc';

export const connectionsRouter = router({
  create: protectedProcedure
    .input(createConnectionInput)
    .output(connectionView)
    .mutation(({ ctx, input }) =>
      createConnection(ctx.deps.db, ctx.actor, input, {
        events: ctx.deps.events,
        cooldownSeconds: ctx.deps.config.connections.friendRequestCooldownSeconds,
      }),
    ),

  list: protectedProcedure
    .input(listConnectionsInput)
    .output(pageOutput(connectionView))
    .query(({ ctx, input }) => listConnections(ctx.deps.db, ctx.actor, input)),

  stats: protectedProcedure
    .input(connectionStatsInput)
    .output(connectionStats)
    .query(({ ctx, input }) => getConnectionStats(ctx.deps.db, ctx.actor, input)),

  respond: protectedProcedure
    .input(respondToRequestInput)
    .output(connectionView)
    .mutation(({ ctx, input }) => respondToRequest(ctx.deps.db, ctx.actor, input, { events: ctx.deps.events })),

  remove: protectedProcedure
    .input(removeConnectionInput)
    .output(removedConnection)
    .mutation(({ ctx, input }) => removeConnection(ctx.deps.db, ctx.actor, input, { events: ctx.deps.events })),

  check: protectedProcedure
    .input(checkRelationshipInput)
    .output(relationship)
    .query(({ ctx, input }) => checkRelationship(ctx.deps.db, ctx.actor, input)),

  checkMany: protectedProcedure
    .input(checkRelationshipsInput)
    .output(relationshipList)
    .query(({ ctx, input }) => checkRelationships(ctx.deps.db, ctx.actor, input)),

  ofUser: protectedProcedure
    .input(connectionsOfUserInput)
    .output(pageOutput(connectionView))
    .query(({ ctx, input }) => connectionsOfUser(ctx.deps.db, ctx.actor, input)),

  suggestions: protectedProcedure
    .input(suggestionsInput)
    .output(suggestionList)
    .query(({ ctx, input }) => suggestConnections(ctx.deps.db, ctx.actor, input)),
});
