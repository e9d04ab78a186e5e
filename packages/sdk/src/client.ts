import {
  createTRPCClient,
  createWSClient,
  httpBatchLink,
  httpLink,
  splitLink,
  wsLink,
  type TRPCClient,
} from '@trpc/client';
import type { AppRouter } from '@rapport/server';
import { sessionLink } from './session-link';
import { memoryStorage, type StoredSession, type TokenStorage } from './storage';

/** The WebSocket constructor to use where there is no global one (Node 20: pass `ws`). */
export type WebSocketImpl = typeof globalThis.WebSocket;

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
  const storage = options.storage ?? memoryStorage();

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
      } catch {
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
  const WebSocketCtor = options.WebSocket ?? globalThis.WebSocket;
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
