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

/** What signs tokens and how long they last. */
const issuer = (deps: Deps) => ({ tokens: deps.tokens, auth: deps.config.auth });

/** Sign-up checks the password of an address already taken under the same attempt limits as sign-in. */
const credentialChecks = (deps: Deps) => ({ ...issuer(deps), throttle: deps.config.signInThrottle });

export const authRouter = router({
  signUp: publicProcedure
    .input(signUpInput)
    .output(signedUp)
    .mutation(({ ctx, input }) => signUp(ctx.deps.db, ctx.request, input, credentialChecks(ctx.deps))),

  signIn: publicProcedure
    .input(signInInput)
    .output(issuedTokens)
    .mutation(({ ctx, input }) => signIn(ctx.deps.db, ctx.request, input, credentialChecks(ctx.deps))),

  refresh: publicProcedure
    .input(refreshInput)
    .output(issuedTokens)
    .mutation(({ ctx, input }) => refresh(ctx.deps.db, ctx.request, input, { ...issuer(ctx.deps), log: ctx.deps.log })),

  signOut: protectedProcedure.output(revokedCount).mutation(serve(signOut)),

  signOutAll: protectedProcedure.output(revokedCount).mutation(serve(signOutAll)),

  /** Who is signed in: the user's own profile and the current session. */
  me: protectedProcedure
    .output(signedInUser)
    .query(async ({ ctx }) => ({ user: await getOwnProfile(ctx.deps.db, ctx.actor), sessionId: ctx.actor.sessionId })),

  sessions: router({
    list: protectedProcedure.input(listSessionsInput).output(pageOutput(sessionView)).query(serve(listSessions)),
    revoke: protectedProcedure.input(revokeSessionInput).output(revokedCount).mutation(serve(revokeSession)),
  }),
});
