import { randomUUID } from 'node:crypto';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { RapportClient } from '../../src/index';
import { WEBSOCKET_FAILURES_BEFORE_SSE } from '../../src/events-transport';
import { startTestServer, type TestServer, type TestUser } from '../harness';
import { eventually, sleep } from '../realtime/sdk-network';
import { expectIncreasing, record } from './record';
import { blockableWebSocket, closeSseClients, sseClientOn, sseNetwork } from './sse-network';

let t: TestServer;
beforeAll(async () => {
  t = await startTestServer();
});
afterEach(closeSseClients);
afterAll(() => t.close());

const say = (from: TestUser, conversationId: string, body: string) =>
  from.api.chat.send.mutate({ conversationId, clientKey: randomUUID(), content: { kind: 'text', body } });

const serverStreams = (user: TestUser) => t.server.deps.realtime.hub.subscribersOf(user.id).size;

async function pair() {
  const [ann, bob] = await Promise.all([t.user('Ann'), t.user('Bob')]);
  const { id } = await ann.api.chat.openDirect.mutate({ userId: bob.id });
  return { ann, bob, conversationId: id };
}

/** A client for `user` with the default `eventsTransport` ('auto'), a WebSocket the test can block, and an EventSource. */
async function autoClient(user: TestUser, blocked: boolean, extra: Parameters<typeof sseClientOn>[3] = {}) {
  const ws = blockableWebSocket(blocked);
  const net = sseNetwork();
  const client: RapportClient = await sseClientOn(t, user, net, { eventsTransport: 'auto', WebSocket: ws.WebSocket, ...extra });
  return { client, ws, net };
}

describe("eventsTransport 'auto'", () => {
  it('with a WebSocket that can never connect, delivers over SSE, and a message sent is received exactly once', async () => {
    const { ann, bob, conversationId } = await pair();
    const { client, ws, net } = await autoClient(ann, true);
    const heard = record(client);
    await heard.live();
    expect(ws.socketsOpened()).toBe(WEBSOCKET_FAILURES_BEFORE_SSE);
    expect(net.requests().length).toBe(1);

    // Sent by the blocked client itself (over HTTP), and by the other side.
    await client.chat.send({ conversationId, content: { kind: 'text', body: 'from ann' } });
    await say(bob, conversationId, 'from bob');
    await eventually('both messages', () => heard.bodies().length === 2);
    await sleep(300);
    expect(heard.bodies()).toEqual(['from ann', 'from bob']);
    expect(new Set(heard.ids).size).toBe(2);
    expect(heard.errors).toEqual([]);
    expect(serverStreams(ann)).toBe(1);
    // Given up: no socket is tried again.
    await sleep(500);
    expect(ws.socketsOpened()).toBe(WEBSOCKET_FAILURES_BEFORE_SSE);
  });

  it('moves a stream off a WebSocket that stops connecting, from its last event: nothing lost, nothing twice', async () => {
    const { ann, bob, conversationId } = await pair();
    const { client, ws, net } = await autoClient(ann, false);
    const heard = record(client);
    await heard.live();
    await say(bob, conversationId, 'over the socket');
    await eventually('the first message', () => heard.bodies().length === 1);
    expect(net.requests()).toEqual([]);

    ws.blocked = true;
    ws.dropSockets();
    for (const body of ['missed 1', 'missed 2', 'missed 3']) await say(bob, conversationId, body);
    await eventually('the missed messages, over SSE', () => heard.bodies().length === 4);
    await say(bob, conversationId, 'over SSE');
    await eventually('the live message', () => heard.bodies().length === 5);
    await sleep(300);

    expect(heard.bodies()).toEqual(['over the socket', 'missed 1', 'missed 2', 'missed 3', 'over SSE']);
    expect(new Set(heard.ids).size).toBe(heard.ids.length);
    expectIncreasing(heard.ids);
    expect(heard.errors).toEqual([]);
    expect(heard.subscription.status()).toBe('live');
    // It resumed over SSE from the last event the socket delivered.
    const [first] = net.requests();
    expect(JSON.parse(first?.searchParams.get('input') ?? '{}')).toEqual({ lastEventId: heard.ids[0] });
    expect(serverStreams(ann)).toBe(1);
  });

  it('stays on a WebSocket that connects', async () => {
    const { ann, bob, conversationId } = await pair();
    const { client, net } = await autoClient(ann, false);
    const heard = record(client);
    await heard.live();
    await say(bob, conversationId, 'hello');
    await eventually('the message', () => heard.bodies().length === 1);
    expect(net.requests()).toEqual([]);
  });

  it('sends calls over HTTP once it gives up a WebSocket that carried them (webSocketFor: all)', async () => {
    const { ann } = await pair();
    const { client, ws } = await autoClient(ann, true, { webSocketFor: 'all' });
    const heard = record(client);
    await heard.live();
    expect(ws.socketsOpened()).toBe(WEBSOCKET_FAILURES_BEFORE_SSE);
    expect(await client.api.auth.me.query()).toMatchObject({ user: { id: ann.id } });
  });
});

describe("eventsTransport 'websocket'", () => {
  it('never moves to SSE, however often the socket fails', async () => {
    const { ann } = await pair();
    const { client, ws, net } = await autoClient(ann, true, { eventsTransport: 'websocket' });
    const heard = record(client);
    await sleep(1500);
    expect(ws.socketsOpened()).toBeGreaterThan(WEBSOCKET_FAILURES_BEFORE_SSE);
    expect(net.requests()).toEqual([]);
    expect(heard.subscription.status()).not.toBe('live');
  });
});
