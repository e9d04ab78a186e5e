import {
  createTRPCClient,
  createWSClient,
  httpBatchLink,
  httpLink,
  splitLink,
  wsLink,
  type TRPCClient,
} from '@trpc/client';
import { isRapportError } from './errors';
import type { AppRouter } from './router';
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

export interface RapportClientOptions {
  /** The server's base URL, e.g. http://localhost:3000 (the API lives under /trpc). */
  url: string;
  /** Where tokens are kept; memory by default. */
  storage?: TokenStorage;
  /** A WebSocket implementation for subscriptions where there is no global one. */
  WebSocket?: WebSocketImpl;
  /** `all` sends every call over the WebSocket; by default only subscriptions use it. */
  webSocketFor?: 'subscriptions' | 'all';
  /** Called once when the session can no longer be refreshed: time to show sign-in. */
  onSessionEnded?: () => void;
  fetch?: typeof globalThis.fetch;
  /** Extra headers for every HTTP call. */
  headers?: Record<string, string>;
}

export interface RapportClient {
  /** Every procedure, typed end to end: `api.connections.create.mutate({ ... })`. */
  api: TRPCClient<AppRouter>;
  /** The stored session, or null when signed out. */
  session(): Promise<StoredSession | null>;
  /** Replaces the stored session, e.g. with one restored from your own storage. */
  setSession(session: StoredSession | null): Promise<void>;
  /** Closes the WebSocket, if one was opened. */
  close(): Promise<void>;
}

const MAX_BATCH_ITEMS = 50;

export function createRapportClient(options: RapportClientOptions): RapportClient {
  const base = options.url.replace(/\/+$/, '');
  const httpUrl = `${base}/trpc`;
  const appStorage = options.storage ?? memoryStorage();
  // The server authenticates a socket once, when it opens, from its
  // connectionParams; a socket opened with another token (or none) keeps
  // acting as that. Dropping it whenever the token changes (sign-in, refresh,
  // sign-out) makes the next call reconnect carrying the current one.
  const storage: TokenStorage = {
    load: () => appStorage.load(),
    save: async (session) => {
      const before = await appStorage.load();
      await appStorage.save(session);
      if (before?.accessToken !== session?.accessToken) wsClient?.connection?.ws.close();
    },
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

  const http = httpBatchLink({ url: httpUrl, headers: authHeaders, fetch: options.fetch, maxItems: MAX_BATCH_ITEMS });
  // tRPC types the option as the DOM's WebSocket class but uses only what
  // WebSocketImpl describes, which `ws` provides too.
  const WebSocketCtor: typeof globalThis.WebSocket | undefined =
    (options.WebSocket as typeof globalThis.WebSocket | undefined) ?? globalThis.WebSocket;
  const wsClient =
    WebSocketCtor === undefined
      ? null
      : createWSClient({
          url: httpUrl.replace(/^http/, 'ws'),
          WebSocket: WebSocketCtor,
          lazy: { enabled: true, closeMs: 0 },
          // Read on every (re)connect, so a reconnect carries the newest token.
          connectionParams: async () => {
            const current = await storage.load();
            return current ? { token: current.accessToken } : {};
          },
        });
  const transport =
    wsClient === null
      ? http
      : splitLink({
          condition: (op) => options.webSocketFor === 'all' || op.type === 'subscription',
          true: wsLink({ client: wsClient }),
          false: http,
        });

  const api = createTRPCClient<AppRouter>({ links: [sessionLink({ storage, refresh }), transport] });
  return {
    api,
    session: async () => storage.load(),
    setSession: async (session) => storage.save(session),
    close: async () => {
      await wsClient?.close();
    },
  };
}
