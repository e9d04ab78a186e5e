import { setMaxListeners } from 'node:events';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createRequire } from 'node:module';
import { applyMigrations, openDatabase, type DatabaseHandle } from '@rapport/db';
import { createHTTPHandler } from '@trpc/server/adapters/standalone';
import { getWSConnectionHandler, type WSSHandlerOptions } from '@trpc/server/adapters/ws';
import type { TRPCReconnectNotification } from '@trpc/server/rpc';
import { WebSocketServer } from 'ws';
import type { Config } from '../config';
import { createHttpContext, createSseContext, createWsContext, isSignedIn } from '../context';
import type { Deps } from '../deps';
import { createLogger, type Logger } from '../logger';
import { appRouter } from '../routers/index';
import { createTokenSigner, resolveAuthSecret } from '../services/auth/tokens';
import { CALLS_PER_BATCH, HTTP_MAX_BODY_BYTES, HTTP_MAX_HEADER_BYTES, WS_MAX_PAYLOAD_BYTES } from '../limits';
import { Realtime } from '../realtime/realtime';
import { SendRateLimiter } from '../services/chat/rate-limit';
import { RecentTyping } from '../services/chat/typing';
import { ActiveDays } from '../services/dashboard/active-days';
import { answerClientError } from './client-error';
import { applyCors } from './cors';
import { WsGuard } from './ws-guard';
import { handleProbe } from './probes';
import { REST_PATH } from './openapi-document';
import { createRestHandler } from './rest';
import { retryAfterHeader } from './retry-after';

export const TRPC_PATH = '/trpc';
/** Reported in the OpenAPI document: the server package's own version. */
const SERVER_VERSION: string = createRequire(import.meta.url)('../../package.json').version;

export interface RunningServer {
  url: string;
  port: number;
  deps: Deps;
  database: DatabaseHandle;
  /** Stops accepting, asks WebSocket clients to reconnect elsewhere, finishes in-flight work. */
  close(): Promise<void>;
}

export interface StartOptions {
  /** An already-open database, for tests that share one; otherwise opened from config. */
  database?: DatabaseHandle;
  logger?: Logger;
}

export async function startServer(config: Config, options: StartOptions = {}): Promise<RunningServer> {
  const log = options.logger ?? createLogger(config.logLevel);
  const database = options.database ?? openDatabase(config.database);
  await applyMigrations(database);
  const realtime = new Realtime(database, config, log);
  await realtime.start();
  const deps: Deps = {
    db: database.db,
    config,
    tokens: createTokenSigner(config.auth, resolveAuthSecret(config)),
    log,
    realtime,
    sendLimiter: new SendRateLimiter(config.chat.sendBurst, config.chat.sendPerSecond),
    postLimiter: new SendRateLimiter(config.chat.sendBurst, config.chat.sendPerSecond, 'posts'),
    typingSignals: new RecentTyping(),
    activeDays: new ActiveDays(),
  };

  let draining = false;
  // Aborted as shutdown starts: open SSE streams end then (see close()).
  const sseDrain = new AbortController();
  // One listener per open SSE stream, thousands on a busy instance: not a leak.
  setMaxListeners(0, sseDrain.signal);
  const trpcHandler = createHTTPHandler({
    router: appRouter,
    basePath: `${TRPC_PATH}/`,
    maxBodySize: HTTP_MAX_BODY_BYTES,
    maxBatchSize: CALLS_PER_BATCH,
    // The SDK sends queries as POST: their inputs (ids, pasted search text)
    // then have the body's room (limits.ts), not the 16 KiB a URL and its headers share.
    allowMethodOverride: true,
    // A subscription over HTTP is an SSE stream (httpSubscriptionLink, curl),
    // which holds its connection open: it is counted as a socket is. Keep-alive
    // pings and the client's inactivity timeout are set with the router
    // (trpc.ts, `sse`), the only place tRPC 11 reads them.
    createContext: ({ req, res, info }) => {
      if (info.type !== 'subscription') return createHttpContext(deps, req);
      // Once shutdown has begun, the keep-alive connection a stream leaves
      // idle is closed as the stream ends, not when keep-alive times out.
      res.once('close', () => {
        if (draining) server.closeIdleConnections();
      });
      return createSseContext(deps, req, res, info.connectionParams, sseDrain.signal);
    },
    // An error tRPC raises before it has a call to answer (a batch too large,
    // a body over the limit) comes back without a JSON content type otherwise.
    responseMeta: ({ errors, eagerGeneration }) => {
      const retry = retryAfterHeader(errors).headers;
      return errors.length > 0 && !eagerGeneration ? { headers: { ...retry, 'content-type': 'application/json' } } : { headers: retry };
    },
    onError: ({ error, path }) => {
      if (error.code === 'INTERNAL_SERVER_ERROR') log.error('request failed', { path, error: error.cause ?? error });
    },
  });

  const restHandler = createRestHandler(deps, SERVER_VERSION);
  const probeSources = { database, draining: () => draining, eventLag: () => realtime.tailer.lag };
  const server: Server = createServer({ maxHeaderSize: HTTP_MAX_HEADER_BYTES }, (req, res) => {
    if (applyCors(req, res, config.corsOrigins)) return;
    handleProbe(req, res, probeSources)
      .then(async (handled) => {
        if (handled) return;
        if ((req.url ?? '').startsWith(`${TRPC_PATH}/`)) return trpcHandler(req, res);
        if (await restHandler(req, res)) return;
        res.writeHead(404, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ error: `Not found. The API is served under ${TRPC_PATH} (tRPC) and ${REST_PATH} (REST, described at ${REST_PATH}/openapi.json).` }));
      })
      .catch((error: unknown) => {
        log.error('http handler failed', { error });
        if (!res.headersSent) res.writeHead(500).end();
      });
  });

  server.on('clientError', answerClientError);

  const wss = new WebSocketServer({ server, path: TRPC_PATH, maxPayload: WS_MAX_PAYLOAD_BYTES });
  const guard = new WsGuard();
  const wsOptions: WSSHandlerOptions<typeof appRouter> = {
    wss,
    router: appRouter,
    keepAlive: { enabled: true, pingMs: 30_000, pongWaitMs: 5_000 },
    createContext: async ({ req, res, info }) => {
      const ctx = await createWsContext(deps, req, res, info.connectionParams ?? null);
      if (isSignedIn(ctx)) guard.signedIn(res);
      return ctx;
    },
    onError: ({ error, path }) => {
      if (error.code !== 'INTERNAL_SERVER_ERROR') return;
      // Without a path the failure is the socket's own (an oversized or
      // corrupt frame): the client's doing, closed by ws, not a server fault.
      if (path === undefined) log.warn('ws connection error', { error: error.cause?.message ?? error.message });
      else log.error('ws request failed', { path, error: error.cause ?? error });
    },
  };
  // tRPC's handler for each socket is built with that socket's gate as its
  // encoder: the gate sees every reply, which is how it knows a call is done.
  wss.on('connection', (socket, req) => {
    guard.serve(socket, req, (encoder) => getWSConnectionHandler({ ...wsOptions, experimental_encoder: encoder })(socket, req));
  });
  const reconnectNotice: TRPCReconnectNotification = { id: null, method: 'reconnect' };
  const broadcastReconnectNotification = () => {
    for (const client of wss.clients) if (client.readyState === client.OPEN) client.send(JSON.stringify(reconnectNotice));
  };

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(config.port, config.host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const host = config.host === '0.0.0.0' || config.host === '::' ? '127.0.0.1' : config.host;
  const url = `http://${host}:${port}`;
  log.info('server listening', { url, database: database.target.kind });

  let closing: Promise<void> | undefined;
  const close = () =>
    (closing ??= (async () => {
      draining = true;
      broadcastReconnectNotification();
      const httpClosed = new Promise<void>((resolve) => server.close(() => resolve()));
      // SSE streams end cleanly now, which tells their clients to resume
      // elsewhere, instead of holding their connections to the grace period.
      sseDrain.abort();
      server.closeIdleConnections();
      const grace = setTimeout(() => {
        server.closeAllConnections();
        for (const client of wss.clients) client.terminate();
      }, config.shutdownGraceMs);
      grace.unref();
      for (const client of wss.clients) client.close(1001, 'server shutting down');
      await new Promise<void>((resolve) => wss.close(() => resolve()));
      await realtime.stop();
      await httpClosed;
      clearTimeout(grace);
      if (!options.database) await database.close();
      log.info('server stopped');
    })());

  return { url, port, deps, database, close };
}
