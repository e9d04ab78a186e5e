import type { IncomingMessage } from 'node:http';
import { TRPCError } from '@trpc/server';
import type { WebSocket } from 'ws';
import { AppError } from './errors';
import type { Deps } from './deps';
import type { RequestMeta } from './domain/sessions';
import { LIMITS } from './limits';
import type { AccessClaims } from './services/auth/tokens';

/**
 * What a procedure sees. `auth` is the verified access token, not yet checked
 * against the database: `protectedProcedure` does that on every call, which is
 * what makes sign-out take effect at once.
 */
export interface Context {
  deps: Deps;
  auth: AccessClaims | 'expired' | 'invalid' | null;
  request: RequestMeta;
  /** The WebSocket this call came over (null over HTTP): where per-socket caps are counted. */
  connection: SocketState | null;
}

export interface SocketState {
  subscriptions: number;
}

/** A context whose token verified: what an authenticated socket has. */
export function isSignedIn(ctx: Context): ctx is Context & { auth: AccessClaims } {
  return ctx.auth !== null && typeof ctx.auth === 'object';
}

/** The inner context: transport-free, used by the HTTP and WebSocket wrappers. */
export async function createInnerContext(
  deps: Deps,
  accessToken: string | null,
  request: RequestMeta,
  connection: SocketState | null = null,
): Promise<Context> {
  const auth = accessToken === null ? null : await deps.tokens.verify(accessToken);
  return { deps, auth, request, connection };
}

export function requestMeta(req: IncomingMessage): RequestMeta {
  const userAgent = req.headers['user-agent'];
  return { ipAddress: req.socket.remoteAddress ?? 'unknown', userAgent: userAgent ? userAgent.slice(0, LIMITS.userAgentChars) : null };
}

export function bearerToken(req: IncomingMessage): string | null {
  const header = req.headers.authorization;
  if (!header) return null;
  const match = /^Bearer\s+(\S+)$/i.exec(header);
  return match?.[1] ?? 'malformed';
}

export function createHttpContext(deps: Deps, req: IncomingMessage): Promise<Context> {
  return createInnerContext(deps, bearerToken(req), requestMeta(req));
}

/**
 * Built once per socket, from the token in its connectionParams (the SDK
 * sends a fresh one on every reconnect). A signed-in socket counts against
 * its user's cap; past it, the socket is refused and closed.
 */
export async function createWsContext(
  deps: Deps,
  req: IncomingMessage,
  socket: WebSocket,
  connectionParams: Record<string, string | undefined> | null,
): Promise<Context> {
  const token = connectionParams?.token;
  const ctx = await createInnerContext(deps, typeof token === 'string' && token.length > 0 ? token : null, requestMeta(req), { subscriptions: 0 });
  if (isSignedIn(ctx)) {
    let release: () => void;
    try {
      release = deps.realtime.admitSocket(ctx.auth.userId);
    } catch (error) {
      // Thrown outside a procedure, so no middleware converts it: do it here
      // so the client reads the reason before the socket closes.
      if (error instanceof AppError) throw new TRPCError({ code: error.code, message: error.message, cause: error });
      throw error;
    }
    socket.once('close', release);
    if (socket.readyState === socket.CLOSED) release();
  }
  return ctx;
}
