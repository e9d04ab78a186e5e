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
import { restRoutes } from './rest-route';

const rest = restRoutes('connections');

export const connectionsRouter = router({
  create: protectedProcedure
    .meta(rest('POST', '/connections', 'Follows, sends a friend request to, or blocks a user.'))
    .input(createConnectionInput)
    .output(connectionView)
    .mutation(
      serveWith(createConnection, (deps) => ({ ...withEvents(deps), cooldownSeconds: deps.config.connections.friendRequestCooldownSeconds })),
    ),

  list: protectedProcedure
    .meta(rest('GET', '/connections', 'My connections, newest first, filtered by type, status and direction.'))
    .input(listConnectionsInput)
    .output(pageOutput(connectionView))
    .query(serve(listConnections)),

  stats: protectedProcedure
    .meta(rest('GET', '/connections/stats', 'Follower, following and friend counts (mine, or another user\'s).'))
    .input(connectionStatsInput)
    .output(connectionStats)
    .query(serve(getConnectionStats)),

  respond: protectedProcedure
    .meta(rest('PUT', '/connections/{connectionId}', 'Accepts or declines a friend request sent to me.'))
    .input(respondToRequestInput)
    .output(connectionView)
    .mutation(serveWith(respondToRequest, withEvents)),

  remove: protectedProcedure
    .meta(rest('DELETE', '/connections/{connectionId}', 'Unfollows, unfriends, unblocks, or withdraws a request.'))
    .input(removeConnectionInput)
    .output(removedConnection)
    .mutation(serveWith(removeConnection, withEvents)),

  check: protectedProcedure
    .meta(rest('POST', '/connections/check', 'My relationship with one user.'))
    .input(checkRelationshipInput)
    .output(relationship)
    .query(serve(checkRelationship)),

  checkMany: protectedProcedure
    .meta(rest('POST', '/connections/check-many', 'My relationship with each of several users.'))
    .input(checkRelationshipsInput)
    .output(relationshipList)
    .query(serve(checkRelationships)),

  ofUser: protectedProcedure
    .meta(rest('GET', '/users/{userId}/connections', 'A user\'s followers, following or friends.'))
    .input(connectionsOfUserInput)
    .output(pageOutput(connectionView))
    .query(serve(connectionsOfUser)),

  suggestions: protectedProcedure
    .meta(rest('GET', '/connections/suggestions', 'People I may know, by mutual friends.'))
    .input(suggestionsInput)
    .output(suggestionList)
    .query(serve(suggestConnections)),
});
