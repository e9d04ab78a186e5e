import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { startTestServer, type TestServer, type TestUser } from '../harness';

let t: TestServer;
let ann: TestUser;
const sockets: WebSocket[] = [];
beforeAll(async () => {
  t = await startTestServer();
  ann = await t.user('Ann');
});
afterAll(async () => {
  for (const socket of sockets) socket.terminate();
  await t.close();
});

function open(query = ''): Promise<WebSocket> {
  const socket = new WebSocket(`${t.url.replace(/^http/, 'ws')}/trpc${query}`);
  sockets.push(socket);
  return new Promise((resolve, reject) => {
    socket.once('open', () => resolve(socket));
    socket.once('error', reject);
  });
}

/** The close code and reason, or null if the socket is still open after `ms`. */
function closedWithin(socket: WebSocket, ms: number): Promise<{ code: number; reason: string } | null> {
  return Promise.race([
    new Promise<{ code: number; reason: string }>((resolve) => socket.once('close', (code, reason) => resolve({ code, reason: reason.toString('utf8') }))),
    new Promise<null>((resolve) => setTimeout(() => resolve(null), ms)),
  ]);
}

async function signIn(socket: WebSocket): Promise<void> {
  const session = await ann.client.session();
  if (!session) throw new Error('signed out');
  socket.send(JSON.stringify({ method: 'connectionParams', data: { token: session.accessToken } }));
  await new Promise((r) => setTimeout(r, 100));
}

// limits.ts: WS_UNAUTHENTICATED_PER_ADDRESS.
const UNAUTHENTICATED_PER_ADDRESS = 256;

/** Signs an open bare socket in and subscribes, as the SDK does in its first frames; resolves once its stream has started. */
function subscribe(socket: WebSocket, token: string): Promise<WebSocket> {
  return new Promise<WebSocket>((resolve, reject) => {
    socket.on('message', (data) => {
      if (data.toString().includes('"type":"started"')) resolve(socket);
    });
    socket.once('close', (code, reason) => reject(new Error(`closed before its stream started: ${code} ${reason.toString()}`)));
    socket.send(JSON.stringify({ method: 'connectionParams', data: { token } }));
    socket.send(JSON.stringify({ id: 1, method: 'subscription', params: { path: 'events.stream', input: {} } }));
  });
}

describe('a burst of clients from one address', () => {
  // Clients on a slow network (or many behind one NAT after a deploy) all
  // open before the first of their tokens arrives: a round trip apart.
  it('whose sockets all open before any token arrives get every stream, a hundred at once', async () => {
    const users = await Promise.all(Array.from({ length: 5 }, () => t.user()));
    const tokens = await Promise.all(users.map(async (u) => (await u.client.session())?.accessToken ?? ''));
    // 20 sockets per user is the per-user cap; 5 users make 100 sockets.
    const opened = await Promise.all(tokens.flatMap((token) => Array.from({ length: 20 }, async () => ({ socket: await open('?connectionParams=1'), token }))));
    const streams = await Promise.all(opened.map(({ socket, token }) => subscribe(socket, token)));
    expect(streams.every((socket) => socket.readyState === WebSocket.OPEN)).toBe(true);
    for (const socket of streams) socket.close();
  });
});

describe('WebSocket sockets that do not sign in', () => {
  it('are capped per address; signing in or closing one frees its place', async () => {
    const idle: WebSocket[] = [];
    for (let i = 0; i < UNAUTHENTICATED_PER_ADDRESS; i++) idle.push(await open('?connectionParams=1'));
    const extra = await open('?connectionParams=1');
    const refused = await closedWithin(extra, 2000);
    expect(refused?.code).toBe(1013);
    expect(refused?.reason).toMatch(/not signed in/);

    const [first, second] = idle;
    if (!first || !second) throw new Error('no sockets');
    await signIn(first);
    const afterSignIn = await open('?connectionParams=1');
    expect(await closedWithin(afterSignIn, 300)).toBeNull();

    second.terminate();
    await new Promise((r) => setTimeout(r, 100));
    const afterClose = await open('?connectionParams=1');
    expect(await closedWithin(afterClose, 300)).toBeNull();
    expect(first.readyState).toBe(WebSocket.OPEN);
    for (const socket of sockets) socket.terminate();
  });

  it('are closed (1008) after the sign-in deadline, while a signed-in socket stays', async () => {
    const anonymous = await open();
    const silent = await open('?connectionParams=1');
    const signedIn = await open('?connectionParams=1');
    await signIn(signedIn);
    const [anonymousClosed, silentClosed] = await Promise.all([closedWithin(anonymous, 12_000), closedWithin(silent, 12_000)]);
    for (const closed of [anonymousClosed, silentClosed]) {
      expect(closed?.code).toBe(1008);
      expect(closed?.reason).toMatch(/Sign in within 10 s/);
    }
    expect(signedIn.readyState).toBe(WebSocket.OPEN);
  });
});
