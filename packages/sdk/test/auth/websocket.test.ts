import { createTRPCClient, createWSClient, wsLink } from '@trpc/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { createRapportClient, memoryStorage, type AppRouter, type RapportClient, type WebSocketImpl } from '../../src/index';
import { startTestServer, type TestServer, type TestUser } from '../harness';
import { expectError } from '../expect-error';

let t: TestServer;
const opened: { count: number } = { count: 0 };
const cleanups: (() => Promise<void>)[] = [];
beforeAll(async () => {
  t = await startTestServer();
});
afterAll(async () => {
  await Promise.all(cleanups.map((close) => close()));
  await t.close();
});

/** `ws`, counting the sockets it opens. */
class CountingWebSocket extends WebSocket {
  constructor(...args: ConstructorParameters<typeof WebSocket>) {
    super(...args);
    opened.count++;
  }
}
const WebSocketForSdk = CountingWebSocket as unknown as WebSocketImpl;
// tRPC types its option as the DOM's WebSocket class; `ws` provides what it uses.
const WebSocketForTrpc = CountingWebSocket as unknown as typeof globalThis.WebSocket;

const noHttp: typeof fetch = () => Promise.reject(new Error('this client must not use HTTP'));

/** An SDK client that sends every call over the WebSocket and cannot use HTTP. */
async function socketClientFor(user: TestUser): Promise<RapportClient> {
  const client = createRapportClient({
    url: t.url,
    WebSocket: WebSocketForSdk,
    webSocketFor: 'all',
    fetch: noHttp,
    storage: memoryStorage(await user.client.session()),
  });
  cleanups.push(() => client.close());
  return client;
}

/** A tRPC client on one WebSocket that stays open, sending the given token in connectionParams. */
function persistentSocket(token: string | null) {
  const counts = { opens: 0 };
  const ws = createWSClient({
    url: `${t.url.replace(/^http/, 'ws')}/trpc`,
    WebSocket: WebSocketForTrpc,
    connectionParams: token === null ? {} : { token },
    onOpen: () => counts.opens++,
  });
  cleanups.push(() => ws.close());
  return { api: createTRPCClient<AppRouter>({ links: [wsLink({ client: ws })] }), counts };
}

async function accessToken(user: TestUser): Promise<string> {
  const session = await user.client.session();
  if (!session) throw new Error(`${user.name} should be signed in`);
  return session.accessToken;
}

describe('auth over WebSocket', () => {
  it('an SDK client with webSocketFor "all" is authenticated by the token in connectionParams', async () => {
    const ann = await t.user('Ann');
    const { sessionId } = await ann.api.auth.me.query();
    const client = await socketClientFor(ann);
    const before = opened.count;

    const me = await client.api.auth.me.query();
    expect(me).toMatchObject({ sessionId, user: { id: ann.id } });
    expect(opened.count).toBeGreaterThan(before);
    expect((await client.api.users.get.query({ userId: ann.id })).name).toBe('Ann');

    expect(await client.api.auth.signOut.mutate()).toEqual({ revoked: 1 });
    expect(await client.session()).toBeNull();
    await expectError(client.api.auth.me.query(), 'UNAUTHORIZED');
    await expectError(ann.api.auth.me.query(), 'UNAUTHORIZED', 'SESSION_ENDED');
  });

  it('a session signed out elsewhere stops working on an open socket at once', async () => {
    const ann = await t.user('Ann');
    const socket = persistentSocket(await accessToken(ann));
    expect((await socket.api.auth.me.query()).user.id).toBe(ann.id);

    await ann.api.auth.signOut.mutate();
    await expectError(socket.api.auth.me.query(), 'UNAUTHORIZED', 'SESSION_ENDED');
    await expectError(socket.api.users.search.query({ query: 'a' }), 'UNAUTHORIZED', 'SESSION_ENDED');
    expect(socket.counts.opens).toBe(1);
  });

  it('signing out over the socket itself ends the session for that same socket', async () => {
    const ann = await t.user('Ann');
    const socket = persistentSocket(await accessToken(ann));
    expect(await socket.api.auth.signOut.mutate()).toEqual({ revoked: 1 });
    await expectError(socket.api.auth.me.query(), 'UNAUTHORIZED', 'SESSION_ENDED');
    expect(socket.counts.opens).toBe(1);
  });

  it('a socket without a token, or with a bad one, is anonymous', async () => {
    const ann = await t.user('Ann');
    await expectError(persistentSocket(null).api.auth.me.query(), 'UNAUTHORIZED', 'SIGN_IN_REQUIRED');
    await expectError(persistentSocket('not-a-token').api.auth.me.query(), 'UNAUTHORIZED', 'INVALID_TOKEN');
    // Public procedures still work over such a socket.
    const signedIn = await persistentSocket(null).api.auth.signIn.mutate({ email: ann.email, password: ann.password });
    expect(signedIn.userId).toBe(ann.id);
  });
});

describe('auth over WebSocket: the socket follows the session', () => {
  // The socket's context is made once, from the connectionParams sent when it
  // opened; the SDK drops the socket when the stored token changes so the next
  // call reconnects as the signed-in user.
  it('a webSocketFor "all" client that signs in over the socket can then call protected procedures', async () => {
    const ann = await t.user('Ann');
    const client = createRapportClient({ url: t.url, WebSocket: WebSocketForSdk, webSocketFor: 'all', fetch: noHttp });
    cleanups.push(() => client.close());
    await client.api.auth.signIn.mutate({ email: ann.email, password: ann.password });
    expect((await client.api.auth.me.query()).user.id).toBe(ann.id);
  });
});
