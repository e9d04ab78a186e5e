import { randomUUID } from 'node:crypto';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createRapportClient, memoryOutboxStorage, memoryStorage, newClientKey, type OutboxItem } from '../../src/index';
import { startTestServer, type TestServer } from '../harness';
import { listen } from './listen';
import { clientOn, closeClients, eventually, flakyNetwork, sleep } from './sdk-network';

let t: TestServer;
beforeAll(async () => {
  t = await startTestServer();
});
afterEach(closeClients);
afterAll(() => t.close());

const text = (body: string) => ({ kind: 'text' as const, body });
const bodyOf = (item: OutboxItem) => item.content.body;

async function pair() {
  const [ann, bob] = await Promise.all([t.user('Ann'), t.user('Bob')]);
  const { id } = await ann.api.chat.openDirect.mutate({ userId: bob.id });
  return { ann, bob, conversationId: id };
}

describe('client.outbox', () => {
  it('holds messages while offline and sends each exactly once, in order, when the network is back', async () => {
    const { ann, bob, conversationId } = await pair();
    const bobHears = listen(bob);
    const net = flakyNetwork();
    const client = await clientOn(t, ann, net);
    const sizes: number[] = [];
    const sent: string[] = [];
    client.outbox.subscribe({ onChange: (items) => sizes.push(items.length), onSent: (_item, message) => sent.push(message.body ?? '') });

    net.offline = true;
    const queued: OutboxItem[] = [];
    for (let i = 1; i <= 5; i++) queued.push(await client.outbox.enqueue({ conversationId, content: text(`m${i}`) }));
    await sleep(300);
    const held = client.outbox.items();
    expect(held.map((item) => item.clientKey)).toEqual(queued.map((item) => item.clientKey));
    expect(held.map(bodyOf)).toEqual(['m1', 'm2', 'm3', 'm4', 'm5']);
    expect(held.every((item) => item.status !== 'failed')).toBe(true);
    expect(held[0]).toMatchObject({ userId: ann.id, lastError: { code: null } });
    expect(held[0]?.attempts).toBeGreaterThanOrEqual(1);
    expect((await bob.api.chat.get.query({ conversationId })).lastSeq).toBe(0);

    // Back online, but the first answer is lost after the server stored the message.
    net.loseResponses(1);
    net.offline = false;
    await eventually('an empty outbox', () => client.outbox.items().length === 0);

    expect(sent).toEqual(['m1', 'm2', 'm3', 'm4', 'm5']);
    expect(sizes.at(-1)).toBe(0);
    expect((await bob.api.chat.get.query({ conversationId })).lastSeq).toBe(5);
    await bobHears.until((events) => events.filter((e) => e.type === 'message.created').length >= 5);
    await sleep(200);
    const created = bobHears.events.flatMap((e) => (e.type === 'message.created' ? [e.message] : []));
    expect(created.map((m) => [m.seq, m.body])).toEqual([
      [1, 'm1'],
      [2, 'm2'],
      [3, 'm3'],
      [4, 'm4'],
      [5, 'm5'],
    ]);
    const keys = queued.map((item) => item.clientKey);
    expect(created.map((m) => m.clientKey)).toEqual(keys);
    // What went over the wire: the first one twice (its answer was lost), under one key.
    const sentKeys = net.bodiesFor('chat.send').map((body) => /"clientKey":"([^"]+)"/.exec(body)?.[1]);
    expect(sentKeys).toEqual([keys[0], ...keys]);
    bobHears.stop();
  });

  it('marks a refused message failed and goes on, in other conversations and in its own', async () => {
    const { ann, conversationId } = await pair();
    const cat = await t.user('Cat');
    const withCat = await ann.api.chat.openDirect.mutate({ userId: cat.id });
    const notAnns = (await pair()).conversationId;
    const client = await clientOn(t, ann, flakyNetwork());
    const sent: string[] = [];
    const failed: string[] = [];
    client.outbox.subscribe({ onSent: (item) => sent.push(bodyOf(item) ?? ''), onFailed: (item) => failed.push(`${bodyOf(item)}: ${item.lastError?.code}`) });

    await client.outbox.enqueue({ conversationId, content: text('a1') });
    await client.outbox.enqueue({ conversationId: notAnns, content: text('stranger') });
    await client.outbox.enqueue({ conversationId, content: text('a2, a reply to nothing'), replyToId: randomUUID() });
    await client.outbox.enqueue({ conversationId: withCat.id, content: text('c1') });
    await client.outbox.enqueue({ conversationId, content: text('a3') });
    await eventually('only failed items left', () => client.outbox.items().length === 2 && client.outbox.items().every((i) => i.status === 'failed'));

    expect(sent).toEqual(['a1', 'c1', 'a3']);
    expect(failed).toEqual(['stranger: NOT_FOUND', 'a2, a reply to nothing: BAD_REQUEST']);
    expect((await ann.api.chat.get.query({ conversationId })).lastSeq).toBe(2);
    expect((await ann.api.chat.get.query({ conversationId: withCat.id })).lastSeq).toBe(1);

    const [stranger, reply] = client.outbox.items();
    expect(await client.outbox.discard(reply?.clientKey ?? '')).toBe(true);
    expect(await client.outbox.retry(stranger?.clientKey ?? '')).toBe(true);
    await eventually('the retry to fail again', () => failed.length === 3);
    expect(client.outbox.items()).toMatchObject([{ clientKey: stranger?.clientKey, status: 'failed', attempts: 2 }]);
    expect(await client.outbox.retry('no-such-key')).toBe(false);
  });

  it('survives a restart through its storage without sending anything twice, and only as the user who queued it', async () => {
    const { ann, bob, conversationId } = await pair();
    const storage = memoryOutboxStorage();
    const offline = flakyNetwork();
    offline.offline = true;
    const before = await clientOn(t, ann, offline, { outboxStorage: storage });
    await before.outbox.enqueue({ conversationId, content: text('p1') });
    await before.outbox.enqueue({ conversationId, content: text('p2') });
    await before.close();

    const [p1, p2] = (await storage.load()) ?? [];
    if (p1 === undefined || p2 === undefined) throw new Error('both items should be stored');
    // p1 reached the server just before the app died; its answer never came back.
    await ann.api.chat.send.mutate({ conversationId, clientKey: p1.clientKey, content: p1.content });
    // And someone else once used this device: their message is never sent as Ann.
    const bobs: OutboxItem = { ...p2, clientKey: newClientKey(), userId: bob.id };
    await storage.save([{ ...p1, status: 'sending' }, p2, bobs]);

    const after = await clientOn(t, ann, flakyNetwork(), { outboxStorage: storage });
    await after.outbox.flush();
    await eventually("only Bob's item left", () => after.outbox.items().length === 1);

    expect(after.outbox.items()).toMatchObject([{ clientKey: bobs.clientKey, userId: bob.id, status: 'pending' }]);
    expect((await ann.api.chat.get.query({ conversationId })).lastSeq).toBe(2);
    await eventually('the storage to follow', async () => (await storage.load())?.length === 1);
  });

  it('refuses to queue without a session', async () => {
    await expect(t.anonymous().outbox.enqueue({ conversationId: randomUUID(), content: text('who am I') })).rejects.toThrow(/Sign in/);
  });

  it('sends at once when a browser says the network is back, not after its backoff', async () => {
    const { ann, bob, conversationId } = await pair();
    const net = flakyNetwork();
    // A browser's window: Node has no global 'online' event, so the test lends it one.
    const window = new EventTarget();
    Object.assign(globalThis, { addEventListener: window.addEventListener.bind(window), removeEventListener: window.removeEventListener.bind(window) });
    try {
      const client = createRapportClient({
        url: t.url,
        WebSocket: net.WebSocket,
        fetch: net.fetch,
        storage: memoryStorage(await ann.client.session()),
        backoff: { initialMs: 60_000, maxMs: 60_000 },
      });
      net.offline = true;
      await client.outbox.enqueue({ conversationId, content: text('back soon') });
      await eventually('a failed first attempt', () => (client.outbox.items()[0]?.attempts ?? 0) >= 1);
      net.offline = false;
      window.dispatchEvent(new Event('online'));
      await eventually('an empty outbox', () => client.outbox.items().length === 0, 5_000);
      expect((await bob.api.chat.get.query({ conversationId })).lastSeq).toBe(1);
      await client.close();
    } finally {
      Reflect.deleteProperty(globalThis, 'addEventListener');
      Reflect.deleteProperty(globalThis, 'removeEventListener');
    }
  });
});
