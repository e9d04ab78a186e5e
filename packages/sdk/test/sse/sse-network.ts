import { EventSource, type EventSourceInit, type FetchLike, type FetchLikeResponse } from 'eventsource';
import WebSocket from 'ws';
import { createRapportClient, memoryStorage, type RapportClient, type RapportClientOptions, type WebSocketImpl } from '../../src/index';
import type { EventSourceImpl } from '../../src/events-transport';
import type { TestServer, TestUser } from '../harness';
import { FAST_BACKOFF } from '../realtime/sdk-network';

/**
 * A network under the SDK's EventSource (the `eventsource` package, as a
 * Node app would pass it) that the test can break: while `offline`, every
 * stream request fails; `dropStreams()` cuts the open ones as a lost
 * connection would (the EventSource sees an error, the server a closed request).
 */
export interface SseNetwork {
  EventSource: EventSourceImpl;
  offline: boolean;
  dropStreams(): void;
  /** Every stream request the EventSource made, refused ones included. */
  requests(): URL[];
  /** The access token each request carried in its connectionParams (null for none). */
  tokensSent(): (string | null)[];
}

export function sseNetwork(): SseNetwork {
  const urls: URL[] = [];
  const open = new Set<() => void>();
  const through: FetchLike = async (url, init) => {
    urls.push(new URL(url));
    if (network.offline) throw new TypeError('fetch failed (the test network is offline)');
    const underlying = new AbortController();
    const signal = init.signal ? AbortSignal.any([init.signal, underlying.signal]) : underlying.signal;
    const response = await fetch(url, { ...init, signal });
    const reader = response.body?.getReader();
    let fail: (error: Error) => void = () => undefined;
    // Errored rather than aborted: the EventSource ignores an abort it did
    // not ask for, but reconnects after a read that fails.
    const body = new ReadableStream<Uint8Array>({
      start(controller) {
        fail = (error) => controller.error(error);
      },
      async pull(controller) {
        const chunk = await reader?.read();
        if (chunk === undefined || chunk.done) controller.close();
        else controller.enqueue(chunk.value);
      },
      async cancel(reason) {
        await reader?.cancel(reason);
      },
    });
    const cut = () => {
      open.delete(cut);
      fail(new TypeError('terminated (the test network dropped the connection)'));
      underlying.abort();
    };
    open.add(cut);
    const wrapped: FetchLikeResponse = { body, url: response.url, status: response.status, redirected: response.redirected, headers: response.headers };
    return wrapped;
  };
  class TestEventSource extends EventSource {
    constructor(url: string | URL, init?: EventSourceInit) {
      super(url, { ...init, fetch: through });
    }
  }
  const network: SseNetwork = {
    EventSource: TestEventSource,
    offline: false,
    dropStreams() {
      for (const cut of [...open]) cut();
    },
    requests: () => [...urls],
    tokensSent: () =>
      urls.map((url) => {
        const params = url.searchParams.get('connectionParams');
        if (params === null) return null;
        const parsed: unknown = JSON.parse(params);
        const token: unknown = typeof parsed === 'object' && parsed !== null ? Reflect.get(parsed, 'token') : undefined;
        return typeof token === 'string' ? token : null;
      }),
  };
  return network;
}

/**
 * A WebSocket that can never connect, as behind a proxy that refuses the
 * upgrade: every socket is sent to a port where nothing listens. `blocked`
 * may be turned on later, to block a network that let sockets through before.
 */
export function blockableWebSocket(blocked = true): { WebSocket: WebSocketImpl; blocked: boolean; socketsOpened(): number; dropSockets(): void } {
  const sockets = new Set<WebSocket>();
  let opened = 0;
  const control = {
    blocked,
    WebSocket: class BlockedWebSocket extends WebSocket {
      constructor(url: string | URL, protocols?: string | string[]) {
        super(control.blocked ? 'ws://127.0.0.1:1/trpc' : url, protocols);
        opened++;
        sockets.add(this);
        this.on('close', () => sockets.delete(this));
      }
    } as unknown as WebSocketImpl,
    socketsOpened: () => opened,
    dropSockets() {
      for (const socket of sockets) socket.terminate();
    },
  };
  return control;
}

const opened: RapportClient[] = [];

/** A second SDK client for `user`'s session (events over SSE unless told otherwise), closed after the run. */
export async function sseClientOn(
  t: TestServer,
  user: TestUser,
  network: SseNetwork,
  extra: Partial<RapportClientOptions> = {},
): Promise<RapportClient> {
  const client = createRapportClient({
    url: t.url,
    EventSource: network.EventSource,
    eventsTransport: 'sse',
    storage: memoryStorage(await user.client.session()),
    backoff: FAST_BACKOFF,
    ...extra,
  });
  opened.push(client);
  return client;
}

export async function closeSseClients(): Promise<void> {
  await Promise.all(opened.splice(0).map((client) => client.close()));
}
