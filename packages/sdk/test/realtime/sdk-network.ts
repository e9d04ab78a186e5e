import WebSocket from 'ws';
import { createRapportClient, memoryStorage, type OutboxStorage, type RapportClient, type WebSocketImpl } from '../../src/index';
import type { TestServer, TestUser } from '../harness';

// Reconnect attempts no farther apart than this: fast tests, but still a backoff.
export const FAST_BACKOFF = { initialMs: 50, maxMs: 400 };

/**
 * A network the test can break: while `offline`, every fetch fails and every
 * new socket is refused; `dropSockets()` cuts the open ones as a lost
 * connection would; `loseResponses(n)` lets the next n calls reach the
 * server and then loses their answers.
 */
export interface FlakyNetwork {
  fetch: typeof globalThis.fetch;
  WebSocket: WebSocketImpl;
  offline: boolean;
  loseResponses(count: number): void;
  dropSockets(): void;
  /** Sockets the client tried to open, refused ones included. */
  socketsOpened(): number;
  /** The body of every request that reached the server for `path`, e.g. 'chat.send'. */
  bodiesFor(path: string): string[];
}

export function flakyNetwork(): FlakyNetwork {
  const sockets = new Set<WebSocket>();
  const bodies: { url: string; body: string }[] = [];
  let opened = 0;
  let toLose = 0;
  const network: FlakyNetwork = {
    offline: false,
    async fetch(input, init) {
      if (network.offline) throw new TypeError('fetch failed (the test network is offline)');
      const url = input instanceof Request ? input.url : String(input);
      bodies.push({ url, body: typeof init?.body === 'string' ? init.body : '' });
      const response = await fetch(input, init);
      if (toLose > 0) {
        toLose--;
        await response.arrayBuffer();
        throw new TypeError('fetch failed (the test network lost the response)');
      }
      return response;
    },
    WebSocket: class FlakyWebSocket extends WebSocket {
      constructor(url: string | URL, protocols?: string | string[]) {
        // Port 1 refuses at once, like a server that is not there.
        super(network.offline ? 'ws://127.0.0.1:1/trpc' : url, protocols);
        opened++;
        sockets.add(this);
        this.on('close', () => sockets.delete(this));
      }
    } as unknown as WebSocketImpl,
    loseResponses(count) {
      toLose = count;
    },
    dropSockets() {
      for (const socket of sockets) socket.terminate();
    },
    socketsOpened: () => opened,
    bodiesFor: (path) => bodies.filter((b) => new URL(b.url).pathname.split('/').pop()?.split(',').includes(path)).map((b) => b.body),
  };
  return network;
}

const opened: RapportClient[] = [];

/** A second SDK client for `user`'s session, on `network`, closed after the run. */
export async function clientOn(
  t: TestServer,
  user: TestUser,
  network: FlakyNetwork,
  extra: { outboxStorage?: OutboxStorage; onSessionEnded?: () => void } = {},
): Promise<RapportClient> {
  const client = createRapportClient({
    url: t.url,
    WebSocket: network.WebSocket,
    fetch: network.fetch,
    storage: memoryStorage(await user.client.session()),
    backoff: FAST_BACKOFF,
    ...extra,
  });
  opened.push(client);
  return client;
}

export async function closeClients(): Promise<void> {
  await Promise.all(opened.splice(0).map((client) => client.close()));
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Polls until `predicate` holds; fails with `what` after `ms`. */
export async function eventually(what: string, predicate: () => boolean | Promise<boolean>, ms = 10_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await predicate())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(20);
  }
}
