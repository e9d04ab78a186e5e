import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import type { WebSocketImpl } from '../../src/index';
import { startTestServer, type TestServer, type TestUser } from '../harness';
import { eventually, sleep } from '../realtime/sdk-network';
import { record } from './record';
import { closeSseClients, sseClientOn, sseNetwork } from './sse-network';
import { dataOf, eventType, openRawStream, type RawStream } from './sse-raw';

// LIMITS.connectionsPerUser: sockets and SSE streams one user may hold open on an instance.
const CAP = 20;

let t: TestServer;
beforeAll(async () => {
  t = await startTestServer();
});
afterEach(closeSseClients);
afterAll(() => t.close());

const tokenOf = async (user: TestUser) => (await user.client.session())?.accessToken ?? '';

/** An SSE stream opened by hand, as curl would, once it is live (or refused). */
async function rawStream(user: TestUser): Promise<RawStream> {
  const stream = await openRawStream(`${t.url}/trpc/events.stream`, { authorization: `Bearer ${await tokenOf(user)}` });
  await stream.until((events) => events.some((e) => eventType(e) === 'ready' || e.event === 'serialized-error'));
  return stream;
}

const refusal = (stream: RawStream) => {
  const error = stream.events().find((e) => e.event === 'serialized-error');
  return error === undefined ? null : dataOf(error);
};

describe('the per-user connection cap over SSE', () => {
  it('counts each SSE stream as a socket, refuses the one past the cap with a readable error, and frees the slot as a request closes', async () => {
    const ann = await t.user();
    const streams: RawStream[] = [];
    for (let i = 0; i < CAP; i++) streams.push(await rawStream(ann));
    expect(streams.map(refusal)).toEqual(streams.map(() => null));
    expect(t.server.deps.realtime.connectionsOf(ann.id)).toBe(CAP);

    const extra = await rawStream(ann);
    await extra.ended;
    expect(refusal(extra)).toMatchObject({
      message: expect.stringMatching(/Too many open connections for this account \(at most 20\)/),
      data: { code: 'TOO_MANY_REQUESTS', retryAfterSeconds: 5 },
    });
    expect(t.server.deps.realtime.connectionsOf(ann.id)).toBe(CAP);

    streams.pop()?.close();
    await eventually('the slot freed', () => t.server.deps.realtime.connectionsOf(ann.id) === CAP - 1);
    const again = await rawStream(ann);
    expect(refusal(again)).toBeNull();
    for (const stream of [...streams, again]) stream.close();
    await eventually('every slot freed', () => t.server.deps.realtime.connectionsOf(ann.id) === 0);
  });

  it('shares the cap with WebSockets: SSE streams cannot get round it, and a WebSocket gets in once one closes', async () => {
    const ann = await t.user();
    const streams: RawStream[] = [];
    for (let i = 0; i < CAP; i++) streams.push(await rawStream(ann));
    const overSocket = record(await sseClientOn(t, ann, sseNetwork(), { eventsTransport: 'websocket', WebSocket: WebSocket as unknown as WebSocketImpl }));
    await sleep(1000);
    expect(overSocket.subscription.status()).not.toBe('live');
    expect(t.server.deps.realtime.connectionsOf(ann.id)).toBe(CAP);

    streams.pop()?.close();
    await overSocket.live();
    expect(t.server.deps.realtime.connectionsOf(ann.id)).toBe(CAP);
    for (const stream of streams) stream.close();
  });

  it('an SDK stream refused at the cap waits as told, then goes live once a slot is free', async () => {
    const ann = await t.user();
    const streams: RawStream[] = [];
    for (let i = 0; i < CAP; i++) streams.push(await rawStream(ann));
    const heard = record(await sseClientOn(t, ann, sseNetwork()));
    await eventually('refused and waiting', () => heard.subscription.status() === 'reconnecting');
    streams.pop()?.close();
    await eventually('live', () => heard.subscription.status() === 'live', 10_000);
    expect(heard.errors).toEqual([]);
    for (const stream of streams) stream.close();
  });
});
