import {
  createTRPCClient,
  createWSClient,
  httpBatchLink,
  httpLink,
  httpSubscriptionLink,
  splitLink,
  wsLink,
  type Operation,
  type TRPCClient,
  type TRPCLink,
} from '@trpc/client';
import { backoffDelay, DEFAULT_BACKOFF, type BackoffOptions } from './backoff';
import { isRapportError } from './errors';
import { createEvents } from './event-subscription';
import type { RapportEvents } from './events';
import { createEventsRoute, type EventSourceImpl, type EventsRoute, type EventsTransport, type WatchedSocket } from './events-transport';
import { createOutbox, type Outbox } from './outbox';
import { memoryOutboxStorage, type OutboxStorage } from './outbox-storage';
import type { AppRouter } from './router';
import { createChat, type RapportChat } from './send';
import { sessionLink } from './session-link';
import { memoryStorage, type StoredSession, type TokenStorage } from './storage';

type WebSocketEventName = 'open' | 'message' | 'close' | 'error';
/** Any event listener: the browser's and `ws`'s event types differ. */
type WebSocketListener = { bivarianceHack(event: unknown): void }['bivarianceHack'];

/** The parts of a WebSocket the SDK's transport uses. */
export interface WebSocketLike {
  readonly readyState: number;
  readonly OPEN: number;
  send(data: string): void;
  close(code?: number): void;
  addEventListener(type: WebSocketEventName, listener: WebSocketListener): void;
  removeEventListener(type: WebSocketEventName, listener: WebSocketListener): void;
}

/**
 * The WebSocket constructor to use where there is no global one: the global
 * one fits, and so does `ws` on Node 20 (`import WebSocket from 'ws'`).
 */
export interface WebSocketImpl {
  new (url: string, protocols?: string | string[]): WebSocketLike;
  readonly CONNECTING: number;
  readonly OPEN: number;
  readonly CLOSING: number;
  readonly CLOSED: number;
}

/**
 * Adds or removes a listener for the browser window's 'online' event. Node's
 * global has no such methods (nor the SDK's build the DOM's types), so they
 * are looked up, and where there are none this does nothing.
 */
function onNetworkBack(method: 'addEventListener' | 'removeEventListener', listener: () => void): void {
  const target: unknown = Reflect.get(globalThis, method);
  if (typeof target === 'function') Reflect.apply(target, globalThis, ['online', listener]);
}

export interface RapportClientOptions {
  /** The server's base URL, e.g. http://localhost:3000 (the API lives under /trpc). */
  url: string;
  /** Where tokens are kept; memory by default. */
  storage?: TokenStorage;
  /** A WebSocket implementation for subscriptions where there is no global one. */
  WebSocket?: WebSocketImpl;
  /**
   * An EventSource implementation for events over SSE where there is no
   * global one: on Node 20, `import { EventSource } from 'eventsource'`.
   */
  EventSource?: EventSourceImpl;
  /**
   * How `events` reaches the server: `websocket`, `sse` (Server-Sent Events,
   * where WebSockets are blocked), or `auto` (the default): the WebSocket,
   * moving to SSE for good once the WebSocket has failed to open 3 times in a
   * row, and SSE from the start where there is no WebSocket. The stream
   * resumes across the move from its last event: nothing lost, nothing twice.
   */
  eventsTransport?: EventsTransport;
  /** `all` sends every call over the WebSocket; by default only subscriptions use it. */
  webSocketFor?: 'subscriptions' | 'all';
  /** Called once when the session can no longer be refreshed: time to show sign-in. */
  onSessionEnded?: () => void;
  fetch?: typeof globalThis.fetch;
  /** Extra headers for every HTTP call. */
  headers?: Record<string, string>;
  /** Waits between reconnects, resubscribes and resends; 500 ms doubling up to 30 s by default, with jitter. */
  backoff?: Partial<BackoffOptions>;
  /** Where the outbox keeps unsent messages; memory by default. */
  outboxStorage?: OutboxStorage;
}

export interface RapportClient {
  /** Every procedure, typed end to end: `api.connections.create.mutate({ ... })`. */
  api: TRPCClient<AppRouter>;
  /** The stored session, or null when signed out. */
  session(): Promise<StoredSession | null>;
  /** Replaces the stored session, e.g. with one restored from your own storage. */
  setSession(session: StoredSession | null): Promise<void>;
  /** The realtime stream of everything that happens to the signed-in user. */
  events: RapportEvents;
  /** Sending with retries under one client key. */
  chat: RapportChat;
  /** Messages queued while offline, sent in order when the network is back. */
  outbox: Outbox;
  /** Ends event subscriptions, stops the outbox and closes the WebSocket, if one was opened. */
  close(): Promise<void>;
}

const MAX_BATCH_ITEMS = 50;
// The server takes at most MAX_BATCH_ITEMS calls and about 1 MiB in one
// frame. Counted in UTF-16 units, which are at most 3 bytes each in UTF-8.
const MAX_FRAME_CHARS = 256 * 1024;

/**
 * tRPC's wsClient sends every call made in one tick in a single frame,
 * however many: past the server's per-frame limits that frame would be
 * refused whole (or the socket closed). This sends such a frame as several.
 * Every socket it opens is shown to `watch`, which is how `auto` sees a
 * WebSocket that cannot connect.
 */
function framesWithinLimits(Base: typeof globalThis.WebSocket, watch: (socket: WatchedSocket) => void): typeof globalThis.WebSocket {
  return class extends Base {
    constructor(...args: ConstructorParameters<typeof globalThis.WebSocket>) {
      super(...args);
      watch(this);
    }

    override send(data: string | ArrayBufferLike | Blob | ArrayBufferView): void {
      if (typeof data !== 'string' || !data.startsWith('[')) return super.send(data);
      const calls: unknown[] = JSON.parse(data);
      if (calls.length <= MAX_BATCH_ITEMS && data.length <= MAX_FRAME_CHARS) return super.send(data);
      let frame: string[] = [];
      let chars = 0;
      for (const call of calls) {
        const text = JSON.stringify(call);
        if (frame.length > 0 && (frame.length === MAX_BATCH_ITEMS || chars + text.length > MAX_FRAME_CHARS)) {
          super.send(`[${frame.join(',')}]`);
          frame = [];
          chars = 0;
        }
        frame.push(text);
        chars += text.length + 1;
      }
      super.send(`[${frame.join(',')}]`);
    }
  };
}

export function createRapportClient(options: RapportClientOptions): RapportClient {
  const base = options.url.replace(/\/+$/, '');
  const httpUrl = `${base}/trpc`;
  const appStorage = options.storage ?? memoryStorage();
  const backoff: BackoffOptions = { ...DEFAULT_BACKOFF, ...options.backoff };
  // The server authenticates a socket once, when it opens, from its
  // connectionParams; a socket opened with another token (or none) keeps
  // acting as that. Dropping it whenever the token changes (sign-in, refresh,
  // sign-out) makes the next call reconnect carrying the current one.
  const storage: TokenStorage = {
    load: () => appStorage.load(),
    save: async (session) => {
      const before = await appStorage.load();
      await appStorage.save(session);
      if (before?.accessToken !== session?.accessToken) {
        wsClient?.connection?.ws.close();
        events.tokenChanged();
        // Messages held because the session was over can go with the new one.
        if (session !== null) outboxQueue.wake();
      }
    },
  };
  const endSession = async () => {
    if ((await storage.load()) === null) return;
    await storage.save(null);
    options.onSessionEnded?.();
  };

  // Refreshes go around the session link (they must not trigger a refresh
  // themselves) and are shared, so ten calls failing together refresh once.
  const refresher = createTRPCClient<AppRouter>({ links: [httpLink({ url: httpUrl, fetch: options.fetch })] });
  let refreshing: Promise<boolean> | null = null;
  const refresh = () =>
    (refreshing ??= (async () => {
      const current = await storage.load();
      if (!current) return false;
      try {
        const next = await refresher.auth.refresh.mutate({ refreshToken: current.refreshToken });
        await storage.save(next);
        return true;
      } catch (error) {
        // Only the server saying no ends the session; a network failure or a
        // busy server leaves it for the next attempt.
        if (!isRapportError(error) || error.data?.code !== 'UNAUTHORIZED') return false;
        await storage.save(null);
        options.onSessionEnded?.();
        return false;
      }
    })().finally(() => {
      refreshing = null;
    }));

  const authHeaders = async (): Promise<Record<string, string>> => {
    const current = await storage.load();
    return { ...options.headers, ...(current ? { authorization: `Bearer ${current.accessToken}` } : {}) };
  };

  // Queries go as POST, like mutations: in a GET their inputs travel in the
  // URL, which with its headers may be only 16 KiB, so a few long legal calls
  // batched in one tick failed. Nothing is lost by it: every query carries a
  // bearer token and a private answer, which no HTTP cache may keep anyway.
  // (maxURLLength would only split batches: a single long call still fails.)
  const http = httpBatchLink({ url: httpUrl, headers: authHeaders, fetch: options.fetch, maxItems: MAX_BATCH_ITEMS, methodOverride: 'POST' });
  // Read on every (re)connect, so a reconnect carries the newest token.
  const connectionParams = async () => {
    const current = await storage.load();
    return current ? { token: current.accessToken } : {};
  };
  // tRPC types the option as the DOM's WebSocket class but uses only what
  // WebSocketImpl describes, which `ws` provides too.
  const BaseWebSocket: typeof globalThis.WebSocket | undefined =
    (options.WebSocket as typeof globalThis.WebSocket | undefined) ?? globalThis.WebSocket;
  // Typed as always there by the DOM library; Node 20 has none.
  const EventSourceCtor: EventSourceImpl | undefined = options.EventSource ?? (globalThis as { EventSource?: EventSourceImpl }).EventSource;
  const route = createEventsRoute({
    mode: options.eventsTransport ?? 'auto',
    hasWebSocket: BaseWebSocket !== undefined,
    hasEventSource: EventSourceCtor !== undefined,
    // After the failing socket's own close listeners have run.
    onAbandonWebSocket: () =>
      queueMicrotask(() => {
        events.moveOffWebSocket();
        // Stops its reconnect loop; nothing is routed to it any more.
        wsClient?.close().catch(() => undefined);
      }),
  });
  const WebSocketCtor = BaseWebSocket === undefined ? undefined : framesWithinLimits(BaseWebSocket, (socket) => route.watch(socket));
  const wsClient =
    WebSocketCtor === undefined
      ? null
      : createWSClient({
          url: httpUrl.replace(/^http/, 'ws'),
          WebSocket: WebSocketCtor,
          lazy: { enabled: true, closeMs: 0 },
          // tRPC re-sends open subscriptions (with their last event id) on the
          // next socket by itself; this spaces the attempts out.
          retryDelayMs: (attempt) => backoffDelay(attempt, backoff),
          // The server is reachable again: queued messages need not wait out their backoff.
          onOpen: () => outboxQueue.wake(),
          connectionParams,
        });
  const sse =
    EventSourceCtor === undefined
      ? null
      : httpSubscriptionLink<AppRouter, EventSourceImpl>({ url: httpUrl, EventSource: EventSourceCtor, connectionParams });
  const transport = transportLink({ http, ws: wsClient === null ? null : wsLink({ client: wsClient }), sse, route, webSocketFor: options.webSocketFor });

  const api = createTRPCClient<AppRouter>({ links: [sessionLink({ storage, refresh }), transport] });
  const loadSession = async () => storage.load();
  const events = createEvents({ api, transport: () => route.current(), refresh, session: loadSession, endSession, backoff });
  const outboxQueue = createOutbox({ api, session: loadSession, storage: options.outboxStorage ?? memoryOutboxStorage(), backoff });
  // In a browser the network coming back says so: queued messages need not
  // wait out their backoff (a WebSocket that stayed open never reopens to
  // wake them). Elsewhere there is no such event, and this does nothing.
  const networkBack = () => outboxQueue.wake();
  onNetworkBack('addEventListener', networkBack);
  return {
    api,
    session: loadSession,
    setSession: async (next) => storage.save(next),
    events: events.events,
    chat: createChat({ api, backoff }),
    outbox: outboxQueue.outbox,
    close: async () => {
      // First, so that the subscriptions the socket's close completes are not resumed.
      events.closeAll();
      outboxQueue.close();
      onNetworkBack('removeEventListener', networkBack);
      await wsClient?.close();
    },
  };
}

/**
 * Where each operation goes: a subscription to the transport its start chose
 * (`client.events` names it in the operation's context; a bare
 * `api.events.stream.subscribe` gets the route's current one), calls over
 * HTTP, or over the WebSocket with `webSocketFor: 'all'` until `auto` gives
 * the WebSocket up.
 */
function transportLink(links: {
  http: TRPCLink<AppRouter>;
  ws: TRPCLink<AppRouter> | null;
  sse: TRPCLink<AppRouter> | null;
  route: EventsRoute;
  webSocketFor: RapportClientOptions['webSocketFor'];
}): TRPCLink<AppRouter> {
  const { http, ws, sse, route } = links;
  const subscriptionVia = (op: Operation) => {
    const named: unknown = op.context.eventsTransport;
    return named === 'sse' || named === 'websocket' ? named : route.current();
  };
  const overWebSocket =
    ws === null
      ? http
      : splitLink({
          condition: (op) => op.type === 'subscription' || (links.webSocketFor === 'all' && !route.webSocketAbandoned()),
          true: ws,
          false: http,
        });
  if (sse === null) return overWebSocket;
  return splitLink({ condition: (op) => op.type === 'subscription' && subscriptionVia(op) === 'sse', true: sse, false: overWebSocket });
}
