import { randomUUID } from 'node:crypto';
import { createTRPCClient, createWSClient, wsLink } from '@trpc/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import type { AppRouter } from '../../src/index';
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
    const attachments = Array.from({ length: 10 }, (_, i) => ({
      url: `https://cdn.example.test/${'a'.repeat(2000)}/${i}`,
      name: 'ü'.repeat(255),
      size: 1,
      mimeType: 'application/octet-stream',
    }));
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

  it('refuses a stream without a session', async () => {
    const anonymous = t.anonymous();
    const errors: unknown[] = [];
    anonymous.api.events.stream.subscribe({}, { onData: () => undefined, onError: (error) => errors.push(error) });
    await new Promise((r) => setTimeout(r, 300));
    expect(JSON.stringify(errors[0] ?? null)).toMatch(/UNAUTHORIZED|Sign in/);
  });
});
