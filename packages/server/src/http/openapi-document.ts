import { generateOpenApiDocument, type OpenAPIObject } from 'trpc-to-openapi';
import { appRouter } from '../routers/index';
import { activityView, participantView } from '../schemas/activities';
import { issuedTokens, sessionView, signedUp } from '../schemas/auth';
import { collectedCard, nameCard } from '../schemas/cards';
import { deletedPost, postView } from '../schemas/circle-posts';
import { circleDetails, circleMemberView, circleView } from '../schemas/circles';
import { invitationView } from '../schemas/invitations';
import { notificationPreference, notificationView } from '../schemas/notifications';
import { ratingSummary, ratingView } from '../schemas/ratings';
import { conversationView, memberView } from '../schemas/chat/conversations';
import { messageView, readerView, searchHit } from '../schemas/chat/messages';
import { connectionStats, connectionView, relationship, suggestion } from '../schemas/connection';
import { familyLinkView } from '../schemas/session-requests/family';
import { packageView } from '../schemas/session-requests/packages';
import { parentProfileView, studentProfileView, tutorProfileView } from '../schemas/session-requests/profiles';
import { sessionRequestView } from '../schemas/session-requests/requests';
import { privateProfile, publicProfile } from '../schemas/user';
import { dashboardView } from '../schemas/dashboard';
import { circleName, discovered } from '../schemas/discover';
import { interestCatalogue } from '../schemas/interests';
import { restErrorBody } from './rest-error-body';

export const REST_PATH = '/api';
const ERROR_REF = { $ref: '#/components/schemas/Error' };

const DESCRIPTION = `Every tRPC procedure of Rapport (queries and mutations) is also a REST route here, with the same validation, authorisation, rate limits and errors.

**Authentication.** Sign up (\`POST /api/auth/signup\`) or sign in (\`POST /api/auth/login\`); send the \`accessToken\` as \`Authorization: Bearer <token>\`. When a call fails with \`401\` and \`data.reason\` \`TOKEN_EXPIRED\`, exchange the \`refreshToken\` at \`POST /api/auth/refresh\` and retry.

**Errors.** Every error has the body \`{ message, code, data: { code, httpStatus, path, fieldErrors, retryAfterSeconds, reason } }\` (the \`Error\` schema). \`fieldErrors\` names each invalid field; \`429\` also carries a \`Retry-After\` header.

**Pagination.** Lists return \`{ items, nextCursor }\`; pass \`nextCursor\` back as \`cursor\` for the next page, until it is null.

**Events (Server-Sent Events).** Everything that happens to the signed-in user (messages, edits, reads, reactions, typing, presence, friend and session requests, membership changes) is one stream, \`events.stream\`, served over SSE at \`GET /trpc/events.stream\` (and over the WebSocket at \`/trpc\`): \`curl -N -H "Authorization: Bearer $TOKEN" http://localhost:3000/trpc/events.stream\`. A browser's EventSource cannot send headers: pass the token in the query as tRPC's connection params, \`?connectionParams=\` and the URL-encoded JSON \`{"token":"<accessToken>"}\` (the SDK's \`eventsTransport: 'sse'\` does this). Each event comes as \`data:\` with an \`id:\`; reconnect with that id in the \`Last-Event-ID\` header (an EventSource sends it by itself) or as \`?lastEventId=<id>\` to get exactly what was missed: no gap, no duplicate, or a \`resync\` event when the log no longer reaches back that far. Errors arrive as an \`event: serialized-error\` with the code and reason. The stream ends when the session does.`;

/** The statuses any operation may answer besides 200, each with the one error body. */
function errorResponses(signedIn: boolean): Record<string, unknown> {
  const response = (description: string, headers?: Record<string, unknown>) => ({ description, ...(headers ? { headers } : {}), content: { 'application/json': { schema: ERROR_REF } } });
  return {
    400: response('The input is not valid: see data.fieldErrors.'),
    ...(signedIn ? { 401: response('No token, an expired or invalid one, or a session that has ended: see data.reason.') } : {}),
    403: response('Not allowed to do this.'),
    404: response('Not found, or not visible to you.'),
    409: response('In conflict with the current state, e.g. it already exists.'),
    413: response('The request body is too large.'),
    429: response('Too many requests: wait data.retryAfterSeconds.', {
      'Retry-After': { description: 'Seconds to wait before retrying.', schema: { type: 'integer' } },
    }),
    500: response('Something went wrong on our side.'),
  };
}

/**
 * The OpenAPI 3.1 document of the REST routes, generated from the router's
 * procedures (their meta, inputs and outputs), with our one error body in
 * place of the generator's own.
 */
export function buildOpenApiDocument(version: string): OpenAPIObject {
  const document = generateOpenApiDocument(appRouter, {
    title: 'Rapport',
    description: DESCRIPTION,
    version,
    baseUrl: REST_PATH,
    docsUrl: `${REST_PATH}/docs`,
    securitySchemes: { bearerAuth: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT', description: 'The accessToken from sign-up, sign-in or refresh.' } },
    // Named here, these are components the routes refer to (zod-openapi finds
    // each by identity), not copies inlined in every route.
    defs: {
      Error: restErrorBody,
      PublicProfile: publicProfile,
      PrivateProfile: privateProfile,
      IssuedTokens: issuedTokens,
      SignedUp: signedUp,
      Session: sessionView,
      Connection: connectionView,
      Relationship: relationship,
      ConnectionStats: connectionStats,
      Suggestion: suggestion,
      Conversation: conversationView,
      Member: memberView,
      Message: messageView,
      Reader: readerView,
      SearchHit: searchHit,
      SessionRequest: sessionRequestView,
      Package: packageView,
      TutorProfile: tutorProfileView,
      StudentProfile: studentProfileView,
      ParentProfile: parentProfileView,
      FamilyLink: familyLinkView,
      Activity: activityView,
      ActivityParticipant: participantView,
      Invitation: invitationView,
      Rating: ratingView,
      RatingSummary: ratingSummary,
      NameCard: nameCard,
      CollectedCard: collectedCard,
      Circle: circleView,
      CircleDetails: circleDetails,
      CircleMember: circleMemberView,
      CirclePost: postView,
      CirclePostDeleted: deletedPost,
      InterestCatalogue: interestCatalogue,
      Discovered: discovered,
      CircleName: circleName,
      Dashboard: dashboardView,
      Notification: notificationView,
      NotificationPreference: notificationPreference,
    },
  });
  for (const item of Object.values(document.paths ?? {})) {
    for (const method of ['get', 'post', 'put', 'patch', 'delete'] as const) {
      const operation = item[method];
      if (operation === undefined) continue;
      const success = operation.responses?.['200'];
      operation.responses = { 200: success, ...errorResponses(operation.security !== undefined) };
    }
  }
  // The generator's own error schemas, which nothing refers to any more.
  const schemas = document.components?.schemas ?? {};
  for (const name of Object.keys(schemas)) if (name.startsWith('error.')) delete schemas[name];
  return document;
}
