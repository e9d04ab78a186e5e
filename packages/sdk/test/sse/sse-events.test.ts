import { randomUUID } from 'node:crypto';
import { TRPCError } from '@trpc/server';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createRapportClient, type RapportEventOf } from '../../src/index';
import { startTestServer, type TestServer, type TestUser } from '../harness';
import { eventually, sleep } from '../realtime/sdk-network';
import { expectIncreasing, record } from './record';
import { closeSseClients, sseClientOn, sseNetwork } from './sse-network';

let t: TestServer;
beforeAll(async () => {
  // Revoked sessions are noticed on open streams within half a second; a
  // one-second retention lets a test prune the log on demand.
  t = await startTestServer({ SESSION_CHECK_MS: '500', EVENT_RETENTION_SECONDS: '1' });
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

describe('client.events over SSE', () => {
  it('delivers typed events, and typing signals that share the last stored id', async () => {
    const { ann, bob, conversationId } = await pair();
    const net = sseNetwork();
    const heard = record(await sseClientOn(t, ann, net));
    await heard.live();
    await say(bob, conversationId, 'hello');
    await bob.api.chat.typing.mutate({ conversationId });
    await eventually('the typing signal', () => heard.events.some((e) => e.type === 'typing'));

    // A fresh stream is live from the tailer's position when it attached. On a
    // busy PostgreSQL cluster the watermark can hold the tailer back, so the
    // conversation's own creation, committed just before, may still arrive.
    expect(heard.events.map((e) => e.type).filter((type) => type !== 'conversation.created')).toEqual(['message.created', 'typing']);
    const created = heard.events.find((e): e is RapportEventOf<'message.created'> => e.type === 'message.created');
    expect(created?.message).toMatchObject({ senderId: bob.id, conversationId, body: 'hello' });
    // The typing signal carries the id of the message before it.
    const messageAt = heard.events.findIndex((e) => e.type === 'message.created');
    expect(heard.ids[messageAt + 1]).toBe(heard.ids[messageAt]);
    expect(heard.statuses).toEqual(['connecting', 'live']);
    expect(serverStreams(ann)).toBe(1);
    // One request, to the SSE endpoint, with the token in its connectionParams.
    expect(net.requests().map((url) => url.pathname)).toEqual(['/trpc/events.stream']);
    expect(net.tokensSent()).toEqual([(await ann.client.session())?.accessToken]);
  });

  it.skipIf(typeof globalThis.WebSocket !== 'undefined')('uses SSE by itself where there is no WebSocket (Node 20 without `ws`)', async () => {
    const { ann, bob, conversationId } = await pair();
    const net = sseNetwork();
    const heard = record(await sseClientOn(t, ann, net, { eventsTransport: undefined }));
    await heard.live();
    await say(bob, conversationId, 'no socket needed');
    await eventually('the message', () => heard.bodies().length === 1);
    expect(heard.bodies()).toEqual(['no socket needed']);
    expect(net.requests().length).toBe(1);
  });

  it('after a lost connection, resumes with exactly what was sent meanwhile: in order, nothing twice', async () => {
    const { ann, bob, conversationId } = await pair();
    const net = sseNetwork();
    const heard = record(await sseClientOn(t, ann, net));
    await heard.live();
    await say(bob, conversationId, 'before');
    await eventually('the first message', () => heard.bodies().length === 1);

    net.offline = true;
    net.dropStreams();
    await eventually('reconnecting', () => heard.subscription.status() === 'reconnecting');
    await eventually('the server to drop the stream', () => serverStreams(ann) === 0);
    // Committed while no stream is open at all.
    for (const body of ['missed 1', 'missed 2', 'missed 3']) await say(bob, conversationId, body);
    await sleep(200);
    net.offline = false;
    await eventually('the missed messages', () => heard.bodies().length === 4);
    await say(bob, conversationId, 'after');
    await eventually('the live message', () => heard.bodies().length === 5);
    await sleep(200);

    expect(heard.bodies()).toEqual(['before', 'missed 1', 'missed 2', 'missed 3', 'after']);
    expect(new Set(heard.ids).size).toBe(heard.ids.length);
    expectIncreasing(heard.ids);
    expect(heard.statuses).toEqual(['connecting', 'live', 'reconnecting', 'live']);
    expect(serverStreams(ann)).toBe(1);
    // Each reconnect is the SDK's own, resuming from the last id it delivered.
    const last = net.requests().at(-1);
    expect(JSON.parse(last?.searchParams.get('input') ?? '{}')).toEqual({ lastEventId: heard.ids[0] });
  });

  it('backs off while the server cannot be reached instead of spinning', async () => {
    const { ann, bob, conversationId } = await pair();
    const net = sseNetwork();
    const heard = record(await sseClientOn(t, ann, net));
    await heard.live();
    await say(bob, conversationId, 'first');
    await eventually('the first message', () => heard.bodies().length === 1);
    const before = net.requests().length;
    net.offline = true;
    net.dropStreams();
    await sleep(2000);
    const attempts = net.requests().length - before;
    net.offline = false;
    // 50 ms doubling to 400 ms, jittered: about 8 tries in 2 s.
    expect(attempts).toBeGreaterThanOrEqual(3);
    expect(attempts).toBeLessThanOrEqual(15);
    await say(bob, conversationId, 'back');
    await eventually('the message after the outage', () => heard.bodies().includes('back'));
    expect(heard.bodies()).toEqual(['first', 'back']);
  });

  it('resumes when the server cuts the stream off, with an error or cleanly', async () => {
    const { ann, bob, conversationId } = await pair();
    const heard = record(await sseClientOn(t, ann, sseNetwork()));
    await heard.live();
    await say(bob, conversationId, 'one');
    await eventually('one', () => heard.bodies().length === 1);
    const [stream] = t.server.deps.realtime.hub.subscribersOf(ann.id);
    stream?.end(new TRPCError({ code: 'TOO_MANY_REQUESTS', message: 'This event stream fell too far behind. Reconnect to resume from your last event.' }));
    await say(bob, conversationId, 'two');
    await eventually('two', () => heard.bodies().length === 2);
    await eventually('one stream again', () => serverStreams(ann) === 1);
    const [again] = t.server.deps.realtime.hub.subscribersOf(ann.id);
    expect(again).not.toBe(stream);
    again?.end(null);
    await say(bob, conversationId, 'three');
    await eventually('three', () => heard.bodies().length === 3);
    await sleep(200);
    expect(heard.bodies()).toEqual(['one', 'two', 'three']);
    expectIncreasing(heard.ids);
    expect(heard.errors).toEqual([]);
    expect(heard.subscription.status()).toBe('live');
    expect(serverStreams(ann)).toBe(1);
  });

  it('starts after a given lastEventId, gets what was committed in between, and stops once unsubscribed', async () => {
    const { ann, bob, conversationId } = await pair();
    const client = await sseClientOn(t, ann, sseNetwork());
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
    await eventually('no stream on the server', () => serverStreams(ann) === 0);
  });

  it('gets a resync when the id is older than the log keeps, or one the log never issued', async () => {
    const { ann, bob, conversationId } = await pair();
    const client = await sseClientOn(t, ann, sseNetwork());
    const first = record(client);
    await first.live();
    await say(bob, conversationId, 'old');
    await eventually('old', () => first.bodies().length === 1);
    first.subscription.unsubscribe();
    const old = first.subscription.lastEventId() ?? '';
    await say(bob, conversationId, 'pruned away');
    await sleep(1500);
    expect(await t.server.deps.realtime.prune()).toBeGreaterThan(0);

    const stale = record(client, old);
    await eventually('a resync', () => stale.events.some((e) => e.type === 'resync'));
    expect(stale.events.map((e) => e.type)).toEqual(['resync']);
    await say(bob, conversationId, 'after resync');
    await eventually('the live message', () => stale.bodies().includes('after resync'));
    expect(stale.bodies()).toEqual(['after resync']);
    stale.subscription.unsubscribe();

    const [xid = '0', id = '0'] = old.split(':');
    const unknown = record(client, `${BigInt(xid) + 1_000_000_000n}:${id}`);
    await eventually('a resync', () => unknown.events.some((e) => e.type === 'resync'));
    const resync = unknown.events[0];
    expect(resync?.type === 'resync' && resync.reason).toMatch(/not in this event log/);
    await say(bob, conversationId, 'after unknown');
    await eventually('the live message', () => unknown.bodies().includes('after unknown'));
    expect(unknown.bodies()).toEqual(['after unknown']);
  });

  it('ends with "ended" when the session is signed out elsewhere, and tells the app once', async () => {
    const { ann } = await pair();
    let sessionEnded = 0;
    const client = await sseClientOn(t, ann, sseNetwork(), { onSessionEnded: () => sessionEnded++ });
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
    // The request is over too: its slot under the per-user cap is free.
    await eventually('the slot released', () => t.server.deps.realtime.connectionsOf(ann.id) === 0);
  });

  it('ends when this client signs out, at once and without calling onSessionEnded', async () => {
    const { ann } = await pair();
    let sessionEnded = 0;
    const client = await sseClientOn(t, ann, sseNetwork(), { onSessionEnded: () => sessionEnded++ });
    const heard = record(client);
    await heard.live();
    await client.api.auth.signOut.mutate();
    await eventually('the stream to end', () => heard.subscription.status() === 'ended', 5000);
    expect(heard.errors.map((e) => e.data?.code)).toEqual(['UNAUTHORIZED']);
    expect(sessionEnded).toBe(0);
    await eventually('the server to drop the stream', () => serverStreams(ann) === 0);
  });

  it('ends quietly when the client closes, and the server drops the stream', async () => {
    const { ann } = await pair();
    const client = await sseClientOn(t, ann, sseNetwork());
    const heard = record(client);
    await heard.live();
    await client.close();
    expect(heard.subscription.status()).toBe('ended');
    expect(heard.errors).toEqual([]);
    await eventually('the server to drop the stream', () => serverStreams(ann) === 0);
  });

  it('needs an EventSource for eventsTransport "sse"', () => {
    const client = createRapportClient({ url: t.url, eventsTransport: 'sse' });
    expect(() => client.events.subscribe({ onEvent: () => undefined })).toThrow(/EventSource/);
  });
});

describe('client.events over SSE with short-lived access tokens', () => {
  let short: TestServer;
  beforeAll(async () => {
    short = await startTestServer({ ACCESS_TOKEN_TTL_SECONDS: '1' });
  });
  afterAll(() => short.close());

  it('keeps a stream open past its token expiry, then refreshes once when it reconnects, sending the new token', async () => {
    const [ann, bob] = await Promise.all([short.user('Ann'), short.user('Bob')]);
    const { id: conversationId } = await ann.api.chat.openDirect.mutate({ userId: bob.id });
    const net = sseNetwork();
    const client = await sseClientOn(short, ann, net);
    const heard = record(client);
    await heard.live();
    await sleep(1500);
    // As over the WebSocket: a stream outlives its token; the session is what is checked.
    await say(bob, conversationId, 'after expiry, same stream');
    await eventually('the message on the old stream', () => heard.bodies().length === 1);
    const tokenBefore = (await client.session())?.accessToken;
    const requestsBefore = net.requests().length;
    net.dropStreams();
    await say(bob, conversationId, 'after the reconnect');
    await eventually('the message after the refresh', () => heard.bodies().includes('after the reconnect'));

    expect(heard.bodies()).toEqual(['after expiry, same stream', 'after the reconnect']);
    const tokenAfter = (await client.session())?.accessToken;
    expect(tokenAfter).not.toBe(tokenBefore);
    // Reconnected with the expired token (refused), then with a new one. (A
    // token here lives 1 s, counted in whole seconds: one issued late in a
    // second may expire before it is used, and is refreshed again.)
    const sent = net.tokensSent().slice(requestsBefore);
    expect(sent[0]).toBe(tokenBefore);
    expect(sent.at(-1)).toBe(tokenAfter);
    expect(sent.slice(1)).not.toContain(tokenBefore);
    expect(heard.errors).toEqual([]);
    expect(heard.subscription.status()).toBe('live');
  });
});
