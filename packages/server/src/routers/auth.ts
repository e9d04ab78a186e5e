import { z } from 'zod';
import { pageInput, pageOutput, timeIdCursor } from '../pagination';
import { issuedTokens, sessionView } from '../schemas/auth';
import { listSessions } from '../services/auth/list-sessions';
import type { IssuedTokens } from '../services/auth/issue';
import { refresh } from '../services/auth/refresh';
import * as fields from '../services/auth/schemas';
import { signIn } from '../services/auth/sign-in';
import { revokeSession, signOut, signOutAll } from '../services/auth/sign-out';
import { signUp } from '../services/auth/sign-up';
import { privateProfile, profileFields } from '../schemas/user';
import { getOwnProfile } from '../services/users/profile';
import { protectedProcedure, publicProcedure, router } from '../trpc';

const revokedCount = z.object({ revoked: z.number().int() });

const view = (t: IssuedTokens) => ({
  ...t,
  sessionExpiresAt: t.sessionExpiresAt.toISOString(),
  accessTokenExpiresAt: t.accessTokenExpiresAt.toISOString(),
});

export const authRouter = router({
  signUp: publicProcedure
    .input(z.object({ email: fields.email, password: fields.password, name: profileFields.name }))
    .output(issuedTokens.extend({ created: z.boolean() }))
    .mutation(async ({ ctx, input }) => {
      const result = await signUp(ctx.deps, ctx.request, input);
      return { ...view(result), created: result.created };
    }),

  signIn: publicProcedure
    .input(z.object({ email: fields.email, password: z.string().min(1).max(128) }))
    .output(issuedTokens)
    .mutation(async ({ ctx, input }) => view(await signIn(ctx.deps, ctx.request, input))),

  refresh: publicProcedure
    .input(z.object({ refreshToken: fields.refreshToken }))
    .output(issuedTokens)
    .mutation(async ({ ctx, input }) => view(await refresh(ctx.deps, ctx.request, input.refreshToken))),

  signOut: protectedProcedure.output(revokedCount).mutation(({ ctx }) => signOut(ctx.deps, ctx.actor)),

  signOutAll: protectedProcedure.output(revokedCount).mutation(({ ctx }) => signOutAll(ctx.deps, ctx.actor)),

  /** Who is signed in: the user's own profile and the current session. */
  me: protectedProcedure
    .output(z.object({ user: privateProfile, sessionId: z.uuid() }))
    .query(async ({ ctx }) => ({ user: await getOwnProfile(ctx.deps, ctx.actor), sessionId: ctx.actor.sessionId })),

  sessions: router({
    list: protectedProcedure
      .input(z.object(pageInput(timeIdCursor)).default({ limit: 20 }))
      .output(pageOutput(sessionView))
      .query(({ ctx, input }) => listSessions(ctx.deps, ctx.actor, input)),
    revoke: protectedProcedure
      .input(z.object({ sessionId: z.uuid() }))
      .output(revokedCount)
      .mutation(({ ctx, input }) => revokeSession(ctx.deps, ctx.actor, input.sessionId)),
  }),
});
