import { initTRPC } from '@trpc/server';
import type { Context } from './context';
import { AppError } from './errors';
import { errorData, errorMessage, toTRPCError } from './error-shape';
import { loadLiveSession } from './domain/sessions';
import type { RouteMeta } from './routers/rest-route';
import { SSE_OPTIONS } from './sse-options';

// The meta is where a procedure declares its REST route (routers/rest-route.ts).
const t = initTRPC.context<Context>().meta<RouteMeta>().create({
  sse: SSE_OPTIONS,
  errorFormatter({ shape, error }) {
    return { ...shape, message: errorMessage(error), data: { ...shape.data, stack: undefined, ...errorData(error) } };
  },
});

export const router = t.router;
export const createCallerFactory = t.createCallerFactory;

const convertErrors = t.middleware(async ({ next }) => {
  const result = await next();
  if (!result.ok) throw toTRPCError(result.error);
  return result;
});

export const publicProcedure = t.procedure.use(convertErrors);

/**
 * Checks the access token and that its session is still live in the database,
 * on every call: a signed-out session stops working at once, not at token expiry.
 */
export const protectedProcedure = publicProcedure.use(async ({ ctx, next }) => {
  const { auth } = ctx;
  if (auth === null) throw new AppError('UNAUTHORIZED', 'Sign in to continue.', { reason: 'SIGN_IN_REQUIRED' });
  if (auth === 'expired') {
    // The SDK refreshes on this reason and retries the call once.
    throw new AppError('UNAUTHORIZED', 'Your access token has expired. Refresh it and try again.', { reason: 'TOKEN_EXPIRED' });
  }
  if (auth === 'invalid') throw new AppError('UNAUTHORIZED', 'The access token is not valid. Sign in again.', { reason: 'INVALID_TOKEN' });
  const session = await loadLiveSession(ctx.deps.db, auth);
  if (session === null) throw new AppError('UNAUTHORIZED', 'This session has ended. Sign in again.', { reason: 'SESSION_ENDED' });
  // Any signed-in call makes today an active day (the dashboard's streak):
  // one write per user per day on this instance, nothing on the other calls.
  await ctx.deps.activeDays.record(ctx.deps.db, session.userId);
  return next({ ctx: { actor: session } });
});
