import { randomUUID } from 'node:crypto';
import { SignJWT } from 'jose';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createRapportClient, memoryStorage } from '../../src/index';
import { startTestServer, type TestServer, type TestUser } from '../harness';
import { eventually, FAST_BACKOFF, sleep } from '../realtime/sdk-network';
import { record } from './record';
import { closeSseClients, sseClientOn, sseNetwork } from './sse-network';
import { dataOf, eventType, openRawStream, type WireEvent } from './sse-raw';

let t: TestServer;
beforeAll(async () => {
  t = await startTestServer();
});
afterEach(closeSseClients);
afterAll(() => t.close());

const tokenOf = async (user: TestUser) => (await user.client.session())?.accessToken ?? '';
const streamUrl = (connectionParams?: Record<string, string>) =>
  `${t.url}/trpc/events.stream${connectionParams ? `?connectionParams=${encodeURIComponent(JSON.stringify(connectionParams))}` : ''}`;

async function refusalOf(url: string, headers: Record<string, string> = {}) {
  const stream = await openRawStream(url, headers);
  await stream.ended;
  const error = stream.events().find((e: WireEvent) => e.event === 'serialized-error');
  return { error: error === undefined ? null : dataOf(error), tracked: stream.events().filter((e) => e.id !== undefined) };
}

/** A well-formed access token for `user`, signed with a key this server does not have. */
const forged = (user: TestUser) =>
  new SignJWT({ sid: randomUUID() })
    .setProtectedHeader({ alg: 'HS256' })
    .setSubject(user.id)
    .setIssuer('rapport')
    .setAudience('rapport-client')
    .setIssuedAt()
    .setExpirationTime('10m')
    .sign(new TextEncoder().encode('a-key-from-somewhere-else-0123456789abcdef'));

describe('who may open events.stream over SSE', () => {
  it('takes the token from connectionParams, as an EventSource (which cannot send headers) gives it', async () => {
    const ann = await t.user();
    const stream = await openRawStream(streamUrl({ token: await tokenOf(ann) }));
    await stream.until((events) => events.some((e) => eventType(e) === 'ready'));
    stream.close();
  });

  it('prefers the Authorization header to connectionParams', async () => {
    const ann = await t.user();
    const stream = await openRawStream(streamUrl({ token: 'stale-or-wrong' }), { authorization: `Bearer ${await tokenOf(ann)}` });
    await stream.until((events) => events.some((e) => eventType(e) === 'ready'));
    stream.close();
  });

  it('refuses no token, a malformed header, an unknown token and a forged one, each with its reason and no event', async () => {
    const ann = await t.user();
    const cases: [string, Record<string, string>, string][] = [
      [streamUrl(), {}, 'SIGN_IN_REQUIRED'],
      [streamUrl({ token: '' }), {}, 'SIGN_IN_REQUIRED'],
      [streamUrl(), { authorization: 'Basic abc' }, 'INVALID_TOKEN'],
      [streamUrl({ token: 'nonsense' }), {}, 'INVALID_TOKEN'],
      [streamUrl({ token: await forged(ann) }), {}, 'INVALID_TOKEN'],
      [streamUrl(), { authorization: `Bearer ${await forged(ann)}` }, 'INVALID_TOKEN'],
    ];
    for (const [url, headers, reason] of cases) {
      const { error, tracked } = await refusalOf(url, headers);
      expect(error, `${url} ${JSON.stringify(headers)}`).toMatchObject({ data: { code: 'UNAUTHORIZED', httpStatus: 401, reason } });
      expect(tracked).toEqual([]);
    }
    expect(t.server.deps.realtime.hub.subscribersOf(ann.id).size).toBe(0);
    expect(t.server.deps.realtime.connectionsOf(ann.id)).toBe(0);
  });

  it('refuses connectionParams that are not an object of strings', async () => {
    const response = await fetch(`${t.url}/trpc/events.stream?connectionParams=${encodeURIComponent('{"token":1}')}`);
    expect(await response.text()).toMatch(/connection params/i);
  });

  it("gives a stranger nothing of other people's conversations", async () => {
    const [ann, bob, stranger] = await Promise.all([t.user('Ann'), t.user('Bob'), t.user('Stranger')]);
    const { id: conversationId } = await ann.api.chat.openDirect.mutate({ userId: bob.id });
    const theirs = record(await sseClientOn(t, stranger, sseNetwork()));
    const bobs = record(await sseClientOn(t, bob, sseNetwork()));
    await theirs.live();
    await bobs.live();
    await ann.api.chat.send.mutate({ conversationId, clientKey: randomUUID(), content: { kind: 'text', body: 'private' } });
    await eventually('bob hears it', () => bobs.bodies().includes('private'));
    await sleep(300);
    expect(theirs.events).toEqual([]);
  });

  it('ends an SDK stream with no session with the refusal, without retrying', async () => {
    const net = sseNetwork();
    const client = createRapportClient({ url: t.url, EventSource: net.EventSource, eventsTransport: 'sse', storage: memoryStorage(null), backoff: FAST_BACKOFF });
    const heard = record(client);
    await eventually('ended', () => heard.subscription.status() === 'ended');
    expect(heard.errors.map((e) => ({ code: e.data?.code, reason: e.data?.reason, message: e.message }))).toEqual([
      { code: 'UNAUTHORIZED', reason: 'SIGN_IN_REQUIRED', message: 'Sign in to continue.' },
    ]);
    await sleep(300);
    expect(net.requests().length).toBe(1);
    await client.close();
  });
});
