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

export const sessionRequestsRouter = router({
  profiles: profilesRouter,
  family: familyRouter,
  packages: packagesRouter,

  create: protectedProcedure.input(sessionRequestCreateInput).output(sessionRequestView).mutation(serveWith(createSessionRequest, withEvents)),

  accept: protectedProcedure.input(sessionRequestRefInput).output(sessionRequestView).mutation(serveWith(acceptSessionRequest, withEvents)),

  reject: protectedProcedure.input(rejectSessionRequestInput).output(sessionRequestView).mutation(serveWith(rejectSessionRequest, withEvents)),

  cancel: protectedProcedure.input(sessionRequestRefInput).output(sessionRequestView).mutation(serveWith(cancelSessionRequest, withEvents)),

  list: protectedProcedure.input(listSessionRequestsInput).output(pageOutput(sessionRequestView)).query(serve(listSessionRequests)),

  get: protectedProcedure.input(sessionRequestRefInput).output(sessionRequestView).query(serve(getSessionRequest)),
});
