import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openTestDatabase } from '@rapport/db/testing';
import { loadConfig, startServer } from '@rapport/server';
import { TRPCError } from '@trpc/server';
import WebSocket from 'ws';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  createRapportClient,
  type EventStreamStatus,
  type RapportClient,
  type RapportError,
  type RapportEvent,
  type RapportEventOf,
  type WebSocketImpl,
} from '../../src/index';
import { startTestServer, type TestServer, type TestUser } from '../harness';
import { clientOn, closeClients, eventually, FAST_BACKOFF, flakyNetwork, sleep } from './sdk-network';

let t: TestServer;
beforeAll(async () => {
  // Revoked sessions are noticed on open streams within half a second.
  t = await startTestServer({ SESSION_CHECK_MS: '500' });
});
afterEach(closeClients);
afterAll(() => t.close());

const say = (from: TestUser, conversationId: string, body: string) =>
  from.api.chat.send.mutate({ conversationId, clientKey: randomUUID(), content: { kind: 'text', body } });

/** What one `client.events.subscribe` delivered. */
function record(client: RapportClient, lastEventId?: string) {
  const events: RapportEvent[] = [];
  const ids: string[] = [];
  const statuses: EventStreamStatus[] = [];
  const errors: RapportError[] = [];
  const subscription = client.events.subscribe({
    ...(lastEventId === undefined ? {} : { lastEventId }),
    onEvent(event, id) {
      // 'ready' marks the end of each backfill; these tests look at the rest.
      if (event.type === 'ready') return;
      events.push(event);
      ids.push(id);
    },
    onStatus: (status) => statuses.push(status),
    onError: (error) => errors.push(error),
  });
  const bodies = () => events.flatMap((e) => (e.type === 'message.created' ? [e.message.body] : []));
  return { events, ids, statuses, errors, subscription, bodies, live: () => eventually('a live stream', () => subscription.status() === 'live') };
}

/** The server's open streams for a user: exactly one per subscribe(), whatever happened to the socket. */
const serverStreams = (user: TestUser) => t.server.deps.realtime.hub.subscribersOf(user.id).size;

function expectIncreasing(ids: string[]) {
  const pairs = ids.map((id) => id.split(':').map(BigInt));
  for (let i = 1; i < pairs.length; i++) {
    const [xa = 0n, ia = 0n] = pairs[i - 1] ?? [];
    const [xb = 0n, ib = 0n] = pairs[i] ?? [];
    expect(xb > xa || (xb === xa && ib > ia), `${ids[i - 1]} then ${ids[i]}`).toBe(true);
  }
}

/** Compiles only while `type` narrows the union. */
function summary(event: RapportEvent): string {
  switch (event.type) {
    case 'message.created':
      return `${event.message.seq}: ${event.message.body ?? ''}`;
    case 'typing':
      return `${event.userId} typing until ${event.expiresAt}`;
    default:
      return event.type;
  }
}
// @ts-expect-error a read marker carries no message
export const noMessage = (event: RapportEventOf<'read.updated'>) => event.message;

async function pair() {
  const [ann, bob] = await Promise.all([t.user('Ann'), t.user('Bob')]);
  const { id } = await ann.api.chat.openDirect.mutate({ userId: bob.id });
  return { ann, bob, conversationId: id };
}

describe('client.events', () => {
  it('delivers typed events, and typing signals that share the last stored id', async () => {
    const { ann, bob, conversationId } = await pair();
    const net = flakyNetwork();
    const heard = record(await clientOn(t, ann, net));
    await heard.live();
    await say(bob, conversationId, 'hello');
    await bob.api.chat.typing.mutate({ conversationId });
    await eventually('the typing signal', () => heard.events.some((e) => e.type === 'typing'));

    expect(heard.events.map(summary)).toEqual(['1: hello', expect.stringContaining(`${bob.id} typing until`)]);
    const created = heard.events.find((e): e is RapportEventOf<'message.created'> => e.type === 'message.created');
    expect(created?.message).toMatchObject({ senderId: bob.id, conversationId, body: 'hello' });
    // Typing is not stored: it carries the id of the message before it, and is still delivered.
    expect(heard.ids[1]).toBe(heard.ids[0]);
    expect(heard.subscription.lastEventId()).toBe(heard.ids[0]);
    expect(heard.statuses).toEqual(['connecting', 'live']);
    expect(serverStreams(ann)).toBe(1);
  });

  it('after a lost socket, resumes with exactly what was sent meanwhile: in order, nothing twice', async () => {
    const { ann, bob, conversationId } = await pair();
    const net = flakyNetwork();
    const heard = record(await clientOn(t, ann, net));
    await heard.live();
    await say(bob, conversationId, 'before');
    await eventually('the first message', () => heard.bodies().length === 1);

    net.offline = true;
    net.dropSockets();
    await eventually('reconnecting', () => heard.subscription.status() === 'reconnecting');
    for (const body of ['missed 1', 'missed 2', 'missed 3']) await say(bob, conversationId, body);
    net.offline = false;
    await eventually('the missed messages', () => heard.bodies().length === 4);
    await say(bob, conversationId, 'after');
    await eventually('the live message', () => heard.bodies().length === 5);
    await sleep(200);

    expect(heard.bodies()).toEqual(['before', 'missed 1', 'missed 2', 'missed 3', 'after']);
    expect(new Set(heard.ids).size).toBe(heard.ids.length);
    expectIncreasing(heard.ids);
    expect(heard.statuses).toEqual(['connecting', 'live', 'reconnecting', 'live']);
    await eventually('one stream on the server', () => serverStreams(ann) === 1);
  });

  it('backs off while the server cannot be reached instead of spinning', async () => {
    const { ann, bob, conversationId } = await pair();
    const net = flakyNetwork();
    const heard = record(await clientOn(t, ann, net));
    await heard.live();
    // The first event gives the stream a place to resume from (see report: a
    // stream that has had none yet resumes "from now").
    await say(bob, conversationId, 'first');
    await eventually('the first message', () => heard.bodies().length === 1);
    const before = net.socketsOpened();
    net.offline = true;
    net.dropSockets();
    await sleep(2000);
    const attempts = net.socketsOpened() - before;
    net.offline = false;
    // 50 ms doubling to 400 ms, jittered: about 8 tries in 2 s, where a spin makes hundreds.
    expect(attempts).toBeGreaterThanOrEqual(3);
    expect(attempts).toBeLessThanOrEqual(15);
    await say(bob, conversationId, 'back');
    await eventually('the message after the outage', () => heard.bodies().includes('back'));
    expect(heard.bodies()).toEqual(['first', 'back']);
    expect(heard.subscription.status()).toBe('live');
  });

  it('resumes when the server cuts the stream off, with an error or cleanly', async () => {
    const { ann, bob, conversationId } = await pair();
    const net = flakyNetwork();
    const heard = record(await clientOn(t, ann, net));
    await heard.live();
    await say(bob, conversationId, 'one');
    await eventually('one', () => heard.bodies().length === 1);
    const [stream] = t.server.deps.realtime.hub.subscribersOf(ann.id);
    stream?.end(new TRPCError({ code: 'TOO_MANY_REQUESTS', message: 'This event stream fell too far behind. Reconnect to resume from your last event.' }));
    await say(bob, conversationId, 'two');
    await eventually('two', () => heard.bodies().length === 2);
    await eventually('one stream again', () => serverStreams(ann) === 1);

    // A clean end, as when the server shuts down its streams.
    const [again] = t.server.deps.realtime.hub.subscribersOf(ann.id);
    expect(again).not.toBe(stream);
    again?.end(null);
    await say(bob, conversationId, 'three');
    await eventually('three', () => heard.bodies().length === 3);
    await sleep(200);

    expect(heard.bodies()).toEqual(['one', 'two', 'three']);
    expectIncreasing(heard.ids);
    expect(heard.errors).toEqual([]);
    expect(heard.statuses.filter((s) => s === 'reconnecting').length).toBe(2);
    expect(heard.subscription.status()).toBe('live');
    expect(serverStreams(ann)).toBe(1);
  });

  it('starts after a given lastEventId and stops delivering once unsubscribed', async () => {
    const { ann, bob, conversationId } = await pair();
    const client = await clientOn(t, ann, flakyNetwork());
    const first = record(client);
    await first.live();
    await say(bob, conversationId, 'seen');
    await eventually('seen', () => first.bodies().length === 1);
    first.subscription.unsubscribe();
    await say(bob, conversationId, 'missed 1');
    await say(bob, conversationId, 'missed 2');

    const second = record(client, first.subscription.lastEventId());
    await eventually('the missed ones', () => second.bodies().length === 2);
    second.subscription.unsubscribe();
    await say(bob, conversationId, 'not heard');
    await sleep(300);
    expect(first.bodies()).toEqual(['seen']);
    expect(second.bodies()).toEqual(['missed 1', 'missed 2']);
    expect(serverStreams(ann)).toBe(0);
  });

  it('ends with "ended" when the session is signed out elsewhere, and tells the app once', async () => {
    const { ann } = await pair();
    let sessionEnded = 0;
    const client = await clientOn(t, ann, flakyNetwork(), { onSessionEnded: () => sessionEnded++ });
    const heard = record(client);
    await heard.live();
    const elsewhere = t.anonymous();
    await elsewhere.api.auth.signIn.mutate({ email: ann.email, password: ann.password });
    await elsewhere.api.auth.signOutAll.mutate();

    await eventually('the stream to end', () => heard.subscription.status() === 'ended', 5000);
    expect(heard.errors.map((e) => ({ code: e.data?.code, reason: e.data?.reason }))).toEqual([{ code: 'UNAUTHORIZED', reason: 'SESSION_ENDED' }]);
    expect(heard.statuses).toEqual(['connecting', 'live', 'ended']);
    expect(sessionEnded).toBe(1);
    expect(await client.session()).toBeNull();
    await sleep(500);
    expect(heard.statuses).toEqual(['connecting', 'live', 'ended']);
    expect(serverStreams(ann)).toBe(0);
  });

  it('ends when this client signs out, without calling onSessionEnded', async () => {
    const { ann } = await pair();
    let sessionEnded = 0;
    const client = await clientOn(t, ann, flakyNetwork(), { onSessionEnded: () => sessionEnded++ });
    const heard = record(client);
    await heard.live();
    await client.api.auth.signOut.mutate();
    await eventually('the stream to end', () => heard.subscription.status() === 'ended', 5000);
    expect(heard.errors.map((e) => e.data?.code)).toEqual(['UNAUTHORIZED']);
    expect(sessionEnded).toBe(0);
    await eventually('the server to drop the stream', () => serverStreams(ann) === 0);
  });

  it('ends quietly when the client closes, and refuses an id the stream never gave', async () => {
    const { ann } = await pair();
    const client = await clientOn(t, ann, flakyNetwork());
    expect(() => client.events.subscribe({ lastEventId: '12', onEvent: () => undefined })).toThrow(/lastEventId/);
    const heard = record(client);
    await heard.live();
    await client.close();
    expect(heard.subscription.status()).toBe('ended');
    expect(heard.errors).toEqual([]);
    await eventually('the server to drop the stream', () => serverStreams(ann) === 0);
  });

  it.skipIf(typeof globalThis.WebSocket !== 'undefined')('needs a WebSocket', () => {
    const client = createRapportClient({ url: t.url });
    expect(() => client.events.subscribe({ onEvent: () => undefined })).toThrow(/WebSocket/);
  });
});

describe('client.events with short-lived access tokens', () => {
  let short: TestServer;
  beforeAll(async () => {
    short = await startTestServer({ ACCESS_TOKEN_TTL_SECONDS: '1' });
  });
  afterAll(() => short.close());

  it('refreshes an expired token once when the socket reconnects, and carries on', async () => {
    const [ann, bob] = await Promise.all([short.user('Ann'), short.user('Bob')]);
    const { id: conversationId } = await ann.api.chat.openDirect.mutate({ userId: bob.id });
    const net = flakyNetwork();
    const client = await clientOn(short, ann, net);
    const heard = record(client);
    await heard.live();
    await say(bob, conversationId, 'before expiry');
    await eventually('the first message', () => heard.bodies().length === 1);
    await sleep(1500);
    // Counted from here: the copied token may have expired before the first subscribe too.
    const refreshesBefore = net.bodiesFor('auth.refresh').length;
    const tokenBefore = (await client.session())?.accessToken;
    net.dropSockets();
    await say(bob, conversationId, 'after expiry');
    await eventually('the message after the refresh', () => heard.bodies().includes('after expiry'));

    expect(heard.bodies()).toEqual(['before expiry', 'after expiry']);
    expect(net.bodiesFor('auth.refresh').length - refreshesBefore).toBe(1);
    expect((await client.session())?.accessToken).not.toBe(tokenBefore);
    expect(heard.errors).toEqual([]);
    expect(heard.subscription.status()).toBe('live');
  });
});

describe('client.events across a server restart', () => {
  it('follows the server to its next start on the same port and resumes where it stopped', async () => {
    const database = await openTestDatabase();
    const dataDir = mkdtempSync(join(tmpdir(), 'rapport-restart-'));
    const env = {
      HOST: '127.0.0.1',
      LOG_LEVEL: 'warn',
      AUTH_SECRET: 'restart-test-secret-that-is-long-enough-for-hs256',
      DATA_DIR: dataDir,
      ...(database.url ? { DATABASE_URL: database.url } : {}),
    };
    let server = await startServer(loadConfig({ ...env, PORT: '0' }), { database: database.handle });
    const clients: RapportClient[] = [];
    const signUp = async (name: string) => {
      const client = createRapportClient({ url: server.url, WebSocket: WebSocket as unknown as WebSocketImpl, backoff: FAST_BACKOFF });
      clients.push(client);
      const { userId } = await client.api.auth.signUp.mutate({ email: `${randomUUID()}@example.test`, password: 'correct horse battery', name });
      return { client, userId };
    };
    try {
      const ann = await signUp('Ann');
      const bob = await signUp('Bob');
      const { id: conversationId } = await ann.client.api.chat.openDirect.mutate({ userId: bob.userId });
      const send = (body: string) => bob.client.chat.send({ conversationId, content: { kind: 'text', body } });
      const heard = record(ann.client);
      await heard.live();
      await send('before');
      await eventually('before', () => heard.bodies().length === 1);

      await server.close();
      await eventually('reconnecting', () => heard.subscription.status() === 'reconnecting');
      server = await startServer(loadConfig({ ...env, PORT: String(server.port) }), { database: database.handle });
      await send('after 1');
      await send('after 2');
      await eventually('the messages after the restart', () => heard.bodies().length === 3);
      await sleep(200);

      expect(heard.bodies()).toEqual(['before', 'after 1', 'after 2']);
      expect(heard.errors).toEqual([]);
      expect(heard.subscription.status()).toBe('live');
      expect(server.deps.realtime.hub.subscribersOf(ann.userId).size).toBe(1);
    } finally {
      await Promise.all(clients.map((client) => client.close()));
      await server.close();
      await database.dispose();
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
