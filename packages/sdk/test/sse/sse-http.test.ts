import { spawn, spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer, type TestUser } from '../harness';
import { eventually } from '../realtime/sdk-network';
import { dataOf, eventType, openRawStream, parseEvents, type WireEvent } from './sse-raw';

let t: TestServer;
beforeAll(async () => {
  t = await startTestServer();
});
afterAll(() => t.close());

const say = (from: TestUser, conversationId: string, body: string) =>
  from.api.chat.send.mutate({ conversationId, clientKey: randomUUID(), content: { kind: 'text', body } });

const tokenOf = async (user: TestUser) => (await user.client.session())?.accessToken ?? '';

async function pair() {
  const [ann, bob] = await Promise.all([t.user('Ann'), t.user('Bob')]);
  const { id } = await ann.api.chat.openDirect.mutate({ userId: bob.id });
  return { ann, bob, conversationId: id };
}

const bodiesOf = (events: WireEvent[]) =>
  events.flatMap((e) => {
    const data = dataOf(e);
    if (eventType(e) !== 'message.created' || typeof data !== 'object' || data === null) return [];
    const message: unknown = Reflect.get(data, 'message');
    const body: unknown = typeof message === 'object' && message !== null ? Reflect.get(message, 'body') : undefined;
    return typeof body === 'string' ? [body] : [];
  });

/**
 * The commands a user types, as the README gives them (with its
 * http://localhost:3000 replaced by the test server's address). The test runs
 * exactly these through a shell, so the documented form stays true.
 */
export const CURL_LIVE = 'curl -N -H "Authorization: Bearer $TOKEN" http://localhost:3000/trpc/events.stream';
export const CURL_RESUME = 'curl -N -H "Authorization: Bearer $TOKEN" -H "Last-Event-ID: $LAST_EVENT_ID" http://localhost:3000/trpc/events.stream';

const hasCurl = spawnSync('curl', ['--version']).status === 0;

/** Runs `command` in a shell with `env`, collecting stdout until `done` holds for its events; then stops it. */
function runCurl(command: string, env: Record<string, string>, done: (events: WireEvent[]) => boolean, ms = 10_000): Promise<{ text: string; events: WireEvent[] }> {
  const child = spawn('sh', ['-c', command.replaceAll('http://localhost:3000', t.url)], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let text = '';
  let stderr = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill();
      reject(new Error(`curl did not finish in ${ms} ms; it printed:\n${text}\n${stderr}`));
    }, ms);
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.stdout.on('data', (chunk: Buffer) => {
      text += chunk.toString();
      const { events } = parseEvents(text);
      if (done(events)) {
        clearTimeout(timer);
        child.kill();
        resolve({ text, events });
      }
    });
    child.on('error', reject);
  });
}

describe('events.stream as plain HTTP', () => {
  it('answers a GET with a bearer header with text/event-stream: connected, then tracked events with id: lines', async () => {
    const { ann, bob, conversationId } = await pair();
    const stream = await openRawStream(`${t.url}/trpc/events.stream`, { authorization: `Bearer ${await tokenOf(ann)}` });
    expect(stream.response.status).toBe(200);
    expect(stream.response.headers.get('content-type')).toBe('text/event-stream');
    expect(stream.response.headers.get('cache-control')).toMatch(/no-cache/);
    expect(stream.response.headers.get('x-accel-buffering')).toBe('no');
    await stream.until((events) => events.some((e) => eventType(e) === 'ready'));
    await say(bob, conversationId, 'over plain http');
    await stream.until((events) => bodiesOf(events).length === 1);
    stream.close();

    const [connected, ready, message] = stream.events();
    // The client's inactivity timeout, which httpSubscriptionLink reads.
    expect(connected).toMatchObject({ event: 'connected', id: undefined });
    expect(dataOf(connected ?? { event: '', data: '', id: undefined })).toEqual({ reconnectAfterInactivityMs: 50_000 });
    expect(ready?.id).toMatch(/^\d+:\d+$/);
    expect(message?.id).toMatch(/^\d+:\d+$/);
    expect(stream.text()).toMatch(/^id: \d+:\d+$/m);
    await eventually('the server to drop the stream', () => t.server.deps.realtime.hub.subscribersOf(ann.id).size === 0);
  });

  it('resumes from the Last-Event-ID header, or from lastEventId in the query, with exactly what was missed', async () => {
    const { ann, bob, conversationId } = await pair();
    const headers = { authorization: `Bearer ${await tokenOf(ann)}` };
    const first = await openRawStream(`${t.url}/trpc/events.stream`, headers);
    await first.until((events) => events.some((e) => eventType(e) === 'ready'));
    await say(bob, conversationId, 'seen');
    const [seen] = (await first.until((events) => bodiesOf(events).length === 1)).filter((e) => eventType(e) === 'message.created');
    first.close();
    await say(bob, conversationId, 'missed 1');
    await say(bob, conversationId, 'missed 2');

    const byHeader = await openRawStream(`${t.url}/trpc/events.stream`, { ...headers, 'last-event-id': seen?.id ?? '' });
    await byHeader.until((events) => events.some((e) => eventType(e) === 'ready'));
    const byQuery = await openRawStream(`${t.url}/trpc/events.stream?lastEventId=${encodeURIComponent(seen?.id ?? '')}`, headers);
    await byQuery.until((events) => events.some((e) => eventType(e) === 'ready'));
    byHeader.close();
    byQuery.close();
    expect(bodiesOf(byHeader.events())).toEqual(['missed 1', 'missed 2']);
    expect(bodiesOf(byQuery.events())).toEqual(['missed 1', 'missed 2']);
  });

  it.skipIf(!hasCurl)('works with the README curl commands, live and resuming with Last-Event-ID', async () => {
    const { ann, bob, conversationId } = await pair();
    const TOKEN = await tokenOf(ann);
    const live = runCurl(CURL_LIVE, { TOKEN }, (events) => bodiesOf(events).length === 1);
    await eventually('the curl stream', () => t.server.deps.realtime.hub.subscribersOf(ann.id).size === 1);
    await say(bob, conversationId, 'heard by curl');
    const { text, events } = await live;
    expect(text).toMatch(/^event: connected$/m);
    expect(text).toMatch(/^id: \d+:\d+$/m);
    const heard = events.find((e) => eventType(e) === 'message.created');
    expect(bodiesOf(events)).toEqual(['heard by curl']);

    await say(bob, conversationId, 'missed by curl');
    const resumed = await runCurl(CURL_RESUME, { TOKEN, LAST_EVENT_ID: heard?.id ?? '' }, (got) => got.some((e) => eventType(e) === 'ready'));
    expect(bodiesOf(resumed.events)).toEqual(['missed by curl']);
  });

  it('refuses a request without a token, or with a bad one, with a readable error event', async () => {
    for (const [headers, reason, message] of [
      [{}, 'SIGN_IN_REQUIRED', 'Sign in to continue.'],
      [{ authorization: 'Bearer not-a-token' }, 'INVALID_TOKEN', 'The access token is not valid. Sign in again.'],
    ] as const) {
      const stream = await openRawStream(`${t.url}/trpc/events.stream`, headers);
      await stream.ended;
      const error = stream.events().find((e) => e.event === 'serialized-error');
      expect(dataOf(error ?? { event: '', data: '', id: undefined })).toMatchObject({ message, data: { code: 'UNAUTHORIZED', httpStatus: 401, reason } });
      expect(stream.events().some((e) => e.id !== undefined)).toBe(false);
    }
  });

  it('refuses more than one stream in a request (a batch) without holding a slot', async () => {
    const ann = await t.user();
    const response = await fetch(`${t.url}/trpc/events.stream,events.stream?batch=1`, { headers: { authorization: `Bearer ${await tokenOf(ann)}` } });
    expect(response.status).toBe(400);
    expect(await response.text()).toMatch(/Cannot batch subscription calls/);
    await eventually('the slot released', () => t.server.deps.realtime.connectionsOf(ann.id) === 0);
  });
});

describe('events.stream as plain HTTP, left quiet', () => {
  it('sends a ping within 20 s, so proxies do not cut the stream', { timeout: 30_000 }, async () => {
    const ann = await t.user();
    const stream = await openRawStream(`${t.url}/trpc/events.stream`, { authorization: `Bearer ${await tokenOf(ann)}` });
    await stream.until((events) => events.some((e) => eventType(e) === 'ready'));
    const start = Date.now();
    await stream.until((events) => events.some((e) => e.event === 'ping'), 22_000);
    stream.close();
    expect(Date.now() - start).toBeLessThan(21_000);
  });
});
