import type { Deps } from '../deps';
import { pageOutput } from '../pagination';
import {
  issuedTokens,
  listSessionsInput,
  refreshInput,
  revokedCount,
  revokeSessionInput,
  sessionView,
  signedInUser,
  signedUp,
  signInInput,
  signUpInput,
} from '../schemas/auth';
import { listSessions } from '../services/auth/list-sessions';
import { refresh } from '../services/auth/refresh';
import { signIn } from '../services/auth/sign-in';
import { revokeSession, signOut, signOutAll } from '../services/auth/sign-out';
import { signUp } from '../services/auth/sign-up';
import { getOwnProfile } from '../services/users/profile';
import { protectedProcedure, publicProcedure, router } from '../trpc';
import { serve } from './procedure';
import { restRoutes } from './rest-route';

const rest = restRoutes('auth');

/** What signs tokens and how long they last. */
const issuer = (deps: Deps) => ({ tokens: deps.tokens, auth: deps.config.auth });

/** Sign-up checks the password of an address already taken under the same attempt limits as sign-in. */
const credentialChecks = (deps: Deps) => ({ ...issuer(deps), throttle: deps.config.signInThrottle });

export const authRouter = router({
  signUp: publicProcedure
    .meta(rest('POST', '/auth/signup', 'Creates an account and signs in; signing up again with the same password signs in.', { open: true }))
    .input(signUpInput)
    .output(signedUp)
    .mutation(({ ctx, input }) => signUp(ctx.deps.db, ctx.request, input, credentialChecks(ctx.deps))),

  signIn: publicProcedure
    .meta(rest('POST', '/auth/login', 'Signs in with email and password.', { open: true }))
    .input(signInInput)
    .output(issuedTokens)
    .mutation(({ ctx, input }) => signIn(ctx.deps.db, ctx.request, input, credentialChecks(ctx.deps))),

  refresh: publicProcedure
    .meta(rest('POST', '/auth/refresh', 'Exchanges a refresh token for a new pair of tokens (rotation: the old one stops working).', { open: true }))
    .input(refreshInput)
    .output(issuedTokens)
    .mutation(({ ctx, input }) => refresh(ctx.deps.db, ctx.request, input, { ...issuer(ctx.deps), log: ctx.deps.log })),

  signOut: protectedProcedure
    .meta(rest('POST', '/auth/logout', 'Ends this session.'))
    .output(revokedCount)
    .mutation(serve(signOut)),

  signOutAll: protectedProcedure
    .meta(rest('POST', '/auth/logout-all', 'Ends every session of mine, on every device.'))
    .output(revokedCount)
    .mutation(serve(signOutAll)),

  /** Who is signed in: the user's own profile and the current session. */
  me: protectedProcedure
    .meta(rest('GET', '/auth/me', 'Who is signed in: my own profile and the current session id.'))
    .output(signedInUser)
    .query(async ({ ctx }) => ({ user: await getOwnProfile(ctx.deps.db, ctx.actor), sessionId: ctx.actor.sessionId })),

  sessions: router({
    list: protectedProcedure
    .meta(rest('GET', '/auth/sessions', 'My sessions (devices), newest first.'))
    .input(listSessionsInput)
    .output(pageOutput(sessionView))
    .query(serve(listSessions)),
    revoke: protectedProcedure
    .meta(rest('DELETE', '/auth/sessions/{sessionId}', 'Ends one of my sessions.'))
    .input(revokeSessionInput)
    .output(revokedCount)
    .mutation(serve(revokeSession)),
  }),
});
