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
import { serve, serveWith, withEvents } from '../procedure';
import { familyRouter } from './family';
import { packagesRouter } from './packages';
import { profilesRouter } from './profiles';
import { restRoutes } from '../rest-route';

const rest = restRoutes('sessionRequests');

export const sessionRequestsRouter = router({
  profiles: profilesRouter,
  family: familyRouter,
  packages: packagesRouter,

  create: protectedProcedure
    .meta(rest('POST', '/session-requests', 'Requests a tutor\'s package for me or my child; opens a conversation with the tutor.'))
    .input(sessionRequestCreateInput)
    .output(sessionRequestView)
    .mutation(serveWith(createSessionRequest, withEvents)),

  accept: protectedProcedure
    .meta(rest('PUT', '/session-requests/{requestId}/accept', 'The tutor accepts a pending request.'))
    .input(sessionRequestRefInput)
    .output(sessionRequestView)
    .mutation(serveWith(acceptSessionRequest, withEvents)),

  reject: protectedProcedure
    .meta(rest('PUT', '/session-requests/{requestId}/reject', 'The tutor declines a pending request, with an optional reason.'))
    .input(rejectSessionRequestInput)
    .output(sessionRequestView)
    .mutation(serveWith(rejectSessionRequest, withEvents)),

  cancel: protectedProcedure
    .meta(rest('PUT', '/session-requests/{requestId}/cancel', 'The requester withdraws a pending request.'))
    .input(sessionRequestRefInput)
    .output(sessionRequestView)
    .mutation(serveWith(cancelSessionRequest, withEvents)),

  list: protectedProcedure
    .meta(rest('GET', '/session-requests', 'Requests I sent or received, newest first.'))
    .input(listSessionRequestsInput)
    .output(pageOutput(sessionRequestView))
    .query(serve(listSessionRequests)),

  get: protectedProcedure
    .meta(rest('GET', '/session-requests/{requestId}', 'One request I am part of.'))
    .input(sessionRequestRefInput)
    .output(sessionRequestView)
    .query(serve(getSessionRequest)),
});
