import type { inferRouterInputs, inferRouterOutputs } from '@trpc/server';
import type { AppRouter } from './router';
import type { MessageView } from './send';

type Outputs = inferRouterOutputs<AppRouter>['sessionRequests'];

/** A session request as its requester, tutor or the student's parents see it. */
export type SessionRequest = Outputs['get'];
export type SessionRequestStatus = SessionRequest['status'];
export type SessionRequestCreateInput = inferRouterInputs<AppRouter>['sessionRequests']['create'];
/** A tutor's package as offered (or, to its tutor, archived). */
export type TutorPackage = Outputs['packages']['get'];
export type TutorProfile = Outputs['profiles']['tutor'];
export type StudentProfile = Outputs['profiles']['student'];
export type FamilyLink = Outputs['family']['link'];

/** The chat message that carries a request: its metadata is the request card. */
export type SessionRequestMessage = Extract<MessageView, { kind: 'session_request' }>;
/** Everything a chat client needs to draw a request card from history, without another call. */
export type SessionRequestCard = SessionRequestMessage['metadata'];

/** Narrows a chat message to a session request card. */
export function isSessionRequestMessage(message: MessageView): message is SessionRequestMessage {
  return message.kind === 'session_request';
}
