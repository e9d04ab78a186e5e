import type { IncomingMessage, ServerResponse } from 'node:http';
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
  /**
   * The WebSocket this call came over, or the SSE request that carries it
   * (null for any other HTTP call): where per-connection caps are counted.
   */
  connection: SocketState | null;
}

export interface SocketState {
  subscriptions: number;
  /**
   * Aborts when the server starts shutting down, for streams that must end
   * by themselves then: an SSE stream holds its HTTP connection open, and
   * ending it cleanly tells the client to resume elsewhere. A WebSocket has
   * none; its close frame ends its streams.
   */
  draining?: AbortSignal;
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
 * Built for each SSE request (an `events.stream` opened through
 * httpSubscriptionLink or curl). An EventSource cannot send headers, so the
 * token comes in tRPC's connectionParams, which httpSubscriptionLink puts in
 * the URL; a bearer header (curl, EventSource ponyfills) wins when present.
 * An SSE request carries one stream and holds its connection open as a socket
 * does, so it counts against its user's socket cap until the response closes:
 * many SSE requests cannot get round the caps a WebSocket is held to.
 */
export async function createSseContext(
  deps: Deps,
  req: IncomingMessage,
  res: ServerResponse,
  connectionParams: Record<string, string | undefined> | null,
  draining: AbortSignal,
): Promise<Context> {
  const header = bearerToken(req);
  const param = connectionParams?.token;
  const token = header ?? (typeof param === 'string' && param.length > 0 ? param : null);
  const ctx = await createInnerContext(deps, token, requestMeta(req), { subscriptions: 0, draining });
  if (isSignedIn(ctx)) {
    const release = admit(deps, ctx.auth.userId);
    res.once('close', release);
    // Gone while the token was checked: 'close' has already fired.
    if (res.closed) release();
  }
  return ctx;
}

/**
 * Counts a signed-in connection against its user's cap. Thrown outside a
 * procedure, so no middleware converts the refusal: done here, so the client
 * reads the reason.
 */
function admit(deps: Deps, userId: string): () => void {
  try {
    return deps.realtime.admitSocket(userId);
  } catch (error) {
    if (error instanceof AppError) throw new TRPCError({ code: error.code, message: error.message, cause: error });
    throw error;
  }
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
    // The client reads the refusal's reason before the socket closes.
    const release = admit(deps, ctx.auth.userId);
    socket.once('close', release);
    if (socket.readyState === socket.CLOSED) release();
  }
  return ctx;
}
