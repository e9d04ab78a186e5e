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
import { serve, serveWith, withEvents } from './procedure';

export const connectionsRouter = router({
  create: protectedProcedure
    .input(createConnectionInput)
    .output(connectionView)
    .mutation(
      serveWith(createConnection, (deps) => ({ ...withEvents(deps), cooldownSeconds: deps.config.connections.friendRequestCooldownSeconds })),
    ),

  list: protectedProcedure.input(listConnectionsInput).output(pageOutput(connectionView)).query(serve(listConnections)),

  stats: protectedProcedure.input(connectionStatsInput).output(connectionStats).query(serve(getConnectionStats)),

  respond: protectedProcedure.input(respondToRequestInput).output(connectionView).mutation(serveWith(respondToRequest, withEvents)),

  remove: protectedProcedure.input(removeConnectionInput).output(removedConnection).mutation(serveWith(removeConnection, withEvents)),

  check: protectedProcedure.input(checkRelationshipInput).output(relationship).query(serve(checkRelationship)),

  checkMany: protectedProcedure.input(checkRelationshipsInput).output(relationshipList).query(serve(checkRelationships)),

  ofUser: protectedProcedure.input(connectionsOfUserInput).output(pageOutput(connectionView)).query(serve(connectionsOfUser)),

  suggestions: protectedProcedure.input(suggestionsInput).output(suggestionList).query(serve(suggestConnections)),
});
