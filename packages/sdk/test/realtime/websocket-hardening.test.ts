import { randomUUID } from 'node:crypto';
import { createTRPCClient, createWSClient, wsLink } from '@trpc/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { sql } from '@rapport/db';
import { createRapportClient, type AppRouter, type WebSocketImpl } from '../../src/index';
import { startTestServer, type TestServer, type TestUser } from '../harness';
import { listen } from './listen';

let t: TestServer;
const cleanups: (() => unknown)[] = [];
beforeAll(async () => {
  t = await startTestServer({ SESSION_CHECK_MS: '300' });
});
afterAll(async () => {
  for (const cleanup of cleanups) await cleanup();
  await t.close();
});

const wsUrl = () => `${t.url.replace(/^http/, 'ws')}/trpc`;

async function tokenOf(user: TestUser): Promise<string> {
  const session = await user.client.session();
  if (!session) throw new Error('signed out');
  return session.accessToken;
}

/** A raw socket: what a broken or hostile client can send. */
function rawSocket(query = ''): Promise<WebSocket> {
  const socket = new WebSocket(`${wsUrl()}${query}`);
  cleanups.push(() => socket.terminate());
  return new Promise((resolve, reject) => {
    socket.once('open', () => resolve(socket));
    socket.once('error', reject);
  });
}

const closed = (socket: WebSocket) => new Promise<number>((resolve) => socket.once('close', (code) => resolve(code)));

/** The close code, or null if the socket is still open after `ms`. */
const closedWithin = (socket: WebSocket, ms: number) =>
  Promise.race([closed(socket), new Promise<null>((resolve) => setTimeout(() => resolve(null), ms))]);

/** A raw socket signed in as `user`, as the SDK opens one. */
async function signedInSocket(user: TestUser): Promise<WebSocket> {
  const socket = await rawSocket('?connectionParams=1');
  socket.send(JSON.stringify({ method: 'connectionParams', data: { token: await tokenOf(user) } }));
  return socket;
}

interface Reply {
  id: number | null;
  result?: unknown;
  error?: { message: string; data: { code: string } };
}

function repliesOf(socket: WebSocket): Reply[] {
  const replies: Reply[] = [];
  socket.on('message', (data: Buffer) => {
    const text = data.toString('utf8');
    // tRPC's keep-alive, sent to a socket that has been open a while: not a reply.
    if (text !== 'PING') replies.push(JSON.parse(text) as Reply);
  });
  return replies;
}

async function until(what: string, condition: () => boolean, ms = 10_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** Ten attachments at their longest, in the characters that grow most in JSON. */
const largestAttachments = () =>
  Array.from({ length: 10 }, (_, i) => ({
    url: `https://cdn.example.test/${'a'.repeat(2000)}/${i}`,
    name: 'ü'.repeat(255),
    size: 1,
    mimeType: 'application/octet-stream',
  }));

const query = (id: number, path: string, input: unknown) => ({ id, method: 'query', params: { path, input } });

async function serverStillServes(): Promise<void> {
  const probe = await fetch(`${t.url}/health`);
  expect(probe.status).toBe(200);
  const user = await t.user();
  expect((await user.api.users.get.query({ userId: user.id })).id).toBe(user.id);
}

function tokenSocket(token: string) {
  const client = createWSClient({ url: wsUrl(), WebSocket: WebSocket as unknown as typeof globalThis.WebSocket, connectionParams: { token } });
  cleanups.push(() => client.close());
  return createTRPCClient<AppRouter>({ links: [wsLink({ client })] });
}

describe('WebSocket hardening', () => {
  it('answers malformed frames with an error and keeps serving', async () => {
    const socket = await rawSocket();
    const replies: string[] = [];
    socket.on('message', (data: Buffer) => replies.push(data.toString('utf8')));
    socket.send('this is not json');
    socket.send('{"id": 1, "method": "subscription", "params": 42}');
    socket.send('[1, 2, 3]');
    socket.send(Buffer.from([0xff, 0x00, 0x13, 0x37]));
    socket.send(JSON.stringify({ id: 2, method: 'query', params: { path: 'no.such.procedure', input: {} } }));
    await new Promise((r) => setTimeout(r, 300));
    expect(replies.length).toBeGreaterThan(0);
    expect(replies.every((reply) => !reply.includes('INTERNAL_SERVER_ERROR'))).toBe(true);
    await serverStillServes();
  });

  it('closes a socket that sends a frame over the size limit (1009) without harming others', async () => {
    const socket = await rawSocket();
    const code = closed(socket);
    socket.send('x'.repeat(2 * 1024 * 1024));
    expect(await code).toBe(1009);
    await serverStillServes();
  });

  it('accepts a send at the largest legal size over the socket', async () => {
    const [ann, bob] = await Promise.all([t.user(), t.user()]);
    const { id } = await ann.api.chat.openDirect.mutate({ userId: bob.id });
    const api = tokenSocket(await tokenOf(ann));
    const body = '"\\'.repeat(2000);
    const attachments = largestAttachments();
    const sent = await api.chat.send.mutate({ conversationId: id, clientKey: randomUUID(), content: { kind: 'file', body, attachments } });
    expect(sent.body).toBe(body);
  });

  it('caps event streams per socket', async () => {
    const user = await t.user();
    const api = tokenSocket(await tokenOf(user));
    const errors: unknown[] = [];
    const started: number[] = [];
    for (let i = 0; i < 5; i++) {
      api.events.stream.subscribe(
        { lastEventId: '0:0' },
        { onStarted: () => started.push(i), onError: (error) => errors.push(error), onData: () => undefined },
      );
    }
    await new Promise((r) => setTimeout(r, 500));
    expect(errors).toHaveLength(1);
    expect(String(errors[0])).toMatch(/At most 4 event streams per connection/);
  });

  it('caps sockets per user, refusing the one past the cap with a readable error', async () => {
    const user = await t.user();
    const token = await tokenOf(user);
    const sockets: WebSocket[] = [];
    for (let i = 0; i < 20; i++) {
      const socket = await rawSocket('?connectionParams=1');
      socket.send(JSON.stringify({ method: 'connectionParams', data: { token } }));
      sockets.push(socket);
    }
    await new Promise((r) => setTimeout(r, 200));
    const extra = await rawSocket('?connectionParams=1');
    const replies: string[] = [];
    extra.on('message', (data: Buffer) => replies.push(data.toString('utf8')));
    const code = closed(extra);
    extra.send(JSON.stringify({ method: 'connectionParams', data: { token } }));
    await code;
    expect(replies.join('')).toMatch(/Too many open connections/);
    // Closing one makes room again.
    const first = sockets[0];
    if (!first) throw new Error('no sockets');
    const firstClosed = closed(first);
    first.close();
    await firstClosed;
    await new Promise((r) => setTimeout(r, 100));
    const again = await rawSocket('?connectionParams=1');
    const againReplies: string[] = [];
    again.on('message', (data: Buffer) => againReplies.push(data.toString('utf8')));
    again.send(JSON.stringify({ method: 'connectionParams', data: { token } }));
    await new Promise((r) => setTimeout(r, 300));
    expect(again.readyState).toBe(WebSocket.OPEN);
    expect(againReplies.join('')).not.toMatch(/Too many/);
  });

  it('ends a signed-out session\'s stream within seconds, with SESSION_ENDED', async () => {
    const [ann, bob] = await Promise.all([t.user(), t.user()]);
    const { id } = await ann.api.chat.openDirect.mutate({ userId: bob.id });
    const api = tokenSocket(await tokenOf(bob));
    const errors: unknown[] = [];
    const bodies: (string | null)[] = [];
    api.events.stream.subscribe(
      { lastEventId: '0:0' },
      {
        onData: ({ data }) => {
          if (data.type === 'message.created') bodies.push(data.message.body);
        },
        onError: (error) => errors.push(error),
      },
    );
    await ann.api.chat.send.mutate({ conversationId: id, clientKey: randomUUID(), content: { kind: 'text', body: 'before' } });
    await listen(bob).until((events) => events.some((e) => e.type === 'message.created'));
    await bob.api.auth.signOutAll.mutate();
    const deadline = Date.now() + 5000;
    while (errors.length === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    expect(errors).toHaveLength(1);
    expect(JSON.stringify(errors[0])).toMatch(/SESSION_ENDED|session has ended/i);
    await ann.api.chat.send.mutate({ conversationId: id, clientKey: randomUUID(), content: { kind: 'text', body: 'after' } });
    await new Promise((r) => setTimeout(r, 300));
    expect(bodies).not.toContain('after');
  });

  it('refuses a frame with more calls than an HTTP batch holds, answering each and running none', async () => {
    const user = await t.user();
    const socket = await signedInSocket(user);
    const replies = repliesOf(socket);
    const calls = Array.from({ length: 51 }, (_, i) => ({ id: i + 1, method: 'mutation', params: { path: 'users.updateMe', input: { bio: `changed ${i}` } } }));
    socket.send(JSON.stringify(calls));
    await until('an answer to every call', () => replies.length === 51);
    expect(replies.map((r) => r.error?.data.code)).toEqual(Array.from({ length: 51 }, () => 'BAD_REQUEST'));
    expect(replies[0]?.error?.message).toMatch(/at most 50 calls/);
    await new Promise((r) => setTimeout(r, 200));
    expect((await user.api.users.get.query({ userId: user.id })).bio).not.toMatch(/changed/);
  });

  it('caps a socket flooding 12,000 queries; another user\'s calls still complete', async () => {
    const [ann, bob] = await Promise.all([t.user(), t.user()]);
    const flooder = await signedInSocket(ann);
    const replies = repliesOf(flooder);
    // The calls let in wait on the session table while the flood arrives, so
    // the queue fills however fast this machine would otherwise drain it.
    let release: () => void = () => undefined;
    const held = new Promise<void>((resolve) => (release = resolve));
    let locked: () => void = () => undefined;
    const isLocked = new Promise<void>((resolve) => (locked = resolve));
    const holding = t.server.database.db.transaction(async (tx) => {
      await tx.execute(sql`lock table auth_sessions in access exclusive mode`);
      locked();
      await held;
    });
    await isLocked;
    const code = closedWithin(flooder, 20_000);
    for (let frame = 0; frame < 240; frame++) {
      flooder.send(JSON.stringify(Array.from({ length: 50 }, (_, i) => query(frame * 50 + i + 1, 'users.get', { userId: ann.id }))));
    }
    const closedWith = await code;
    release();
    await holding;
    expect(closedWith).toBe(1008);
    const bobOverSocket = tokenSocket(await tokenOf(bob));
    const [overHttp, overSocket] = await Promise.all([bob.api.users.get.query({ userId: bob.id }), bobOverSocket.users.get.query({ userId: bob.id })]);
    expect([overHttp.id, overSocket.id]).toEqual([bob.id, bob.id]);
    const refused = replies.filter((r) => r.error?.data.code === 'TOO_MANY_REQUESTS');
    expect(refused.length).toBeGreaterThan(0);
    expect(refused[0]?.error?.message).toMatch(/Too many calls at once/);
    expect(replies.filter((r) => r.result !== undefined).length).toBeLessThan(12_000);
    await serverStillServes();
  });

  it('thirty of the largest sends (a full burst) and 200 queries in one tick over the socket all succeed', async () => {
    const [ann, bob] = await Promise.all([t.user(), t.user()]);
    const { id } = await ann.api.chat.openDirect.mutate({ userId: bob.id });
    const client = createRapportClient({ url: t.url, WebSocket: WebSocket as unknown as WebSocketImpl, webSocketFor: 'all' });
    cleanups.push(() => client.close());
    await client.setSession(await ann.client.session());
    const body = '"\\'.repeat(2000);
    const attachments = largestAttachments();
    const [sent, got] = await Promise.all([
      Promise.all(Array.from({ length: 30 }, () => client.api.chat.send.mutate({ conversationId: id, clientKey: randomUUID(), content: { kind: 'file', body, attachments } }))),
      Promise.all(Array.from({ length: 200 }, () => client.api.users.get.query({ userId: bob.id }))),
    ]);
    expect(sent.every((message) => message.body === body)).toBe(true);
    expect(got.every((profile) => profile.id === bob.id)).toBe(true);
  });

  it('disconnects a client that stops reading (1013) instead of buffering for it', async () => {
    const [ann, bob] = await Promise.all([t.user(), t.user()]);
    const { id } = await ann.api.chat.openDirect.mutate({ userId: bob.id });
    for (let i = 0; i < 30; i++) {
      await ann.api.chat.send.mutate({ conversationId: id, clientKey: randomUUID(), content: { kind: 'text', body: 'ü'.repeat(4000) } });
    }
    const reader = await signedInSocket(bob);
    const code = closed(reader);
    reader.pause();
    for (let frame = 0; frame < 18; frame++) {
      reader.send(JSON.stringify(Array.from({ length: 12 }, (_, i) => query(frame * 12 + i + 1, 'chat.history', { conversationId: id, limit: 100 }))));
    }
    // Long enough for the server to answer (and buffer) far past the bound;
    // what a bounded server holds does not depend on how long this is.
    await new Promise((r) => setTimeout(r, 6000));
    reader.resume();
    expect(await Promise.race([code, new Promise<null>((resolve) => setTimeout(() => resolve(null), 15_000))])).toBe(1013);
    await serverStillServes();
  });

  it('refuses a stream without a session', async () => {
    const anonymous = t.anonymous();
    const errors: unknown[] = [];
    anonymous.api.events.stream.subscribe({}, { onData: () => undefined, onError: (error) => errors.push(error) });
    await new Promise((r) => setTimeout(r, 300));
    expect(JSON.stringify(errors[0] ?? null)).toMatch(/UNAUTHORIZED|Sign in/);
  });
});
