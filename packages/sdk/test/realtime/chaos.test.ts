import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { createRapportClient, memoryStorage, type RapportClient } from '../../src/index';
import { startTestServer, type TestServer, type TestUser } from '../harness';
import { FROM_THE_START, type StreamEvent } from './listen';

let t: TestServer;
beforeAll(async () => {
  t = await startTestServer({ SEND_RATE_BURST: '1000', SEND_RATE_PER_SECOND: '1000' });
});
afterAll(() => t.close());

const SENDERS = 20;
const SUBSCRIBERS = 50;
const MESSAGES_PER_SENDER = 8;
const ROOMS = 2;

/**
 * A subscriber that keeps dropping its connection (a new client, a new
 * socket) and resuming from the last id it received, as a phone on a bad
 * network would. Everything it was ever handed is kept, in order.
 */
function flakySubscriber(user: TestUser) {
  const received: StreamEvent[] = [];
  let client: RapportClient | null = null;
  let cursor = FROM_THE_START;
  let stopped = false;
  const connect = async () => {
    const session = await user.client.session();
    const next = createRapportClient({ url: t.url, WebSocket, storage: memoryStorage(session) });
    const previous = client;
    client = next;
    await previous?.close();
    next.api.events.stream.subscribe(
      { lastEventId: cursor },
      {
        onData(item) {
          if (client !== next) return;
          received.push(item);
          cursor = item.id;
        },
      },
    );
  };
  const loop = (async () => {
    await connect();
    while (!stopped) {
      await new Promise((r) => setTimeout(r, 40 + Math.random() * 250));
      if (!stopped) await connect();
    }
  })();
  return {
    received,
    async settle() {
      stopped = true;
      await loop;
    },
    close: () => client?.close(),
  };
}

describe('events.stream under churn', () => {
  it('gives every reconnecting subscriber exactly the committed messages, in per-conversation order, none twice', async () => {
    const users: TestUser[] = [];
    for (let i = 0; i < SUBSCRIBERS; i += 10) {
      users.push(...(await Promise.all(Array.from({ length: 10 }, (_, j) => t.user(`Member ${i + j}`)))));
    }
    const [owner, ...rest] = users;
    if (!owner) throw new Error('no users');
    const rooms = await Promise.all(
      Array.from({ length: ROOMS }, (_, r) => owner.api.chat.createGroup.mutate({ title: `Room ${r}`, memberIds: rest.map((u) => u.id) })),
    );
    const subscribers = users.map(flakySubscriber);
    const senders = users.slice(0, SENDERS);

    const sent = await Promise.all(
      senders.map(async (sender, s) => {
        const mine = [];
        for (let m = 0; m < MESSAGES_PER_SENDER; m++) {
          const room = rooms[(s + m) % ROOMS];
          if (!room) throw new Error('no room');
          mine.push(await sender.api.chat.send.mutate({ conversationId: room.id, clientKey: randomUUID(), content: { kind: 'text', body: `${s}:${m}` } }));
        }
        return mine;
      }),
    );
    const committed = new Set(sent.flat().map((m) => m.id));
    expect(committed.size).toBe(SENDERS * MESSAGES_PER_SENDER);

    await Promise.all(subscribers.map((s) => s.settle()));
    // The groups' own system messages ("… created the group") are not counted.
    const messagesOf = (items: StreamEvent[]) =>
      items.flatMap((i) => (i.data.type === 'message.created' && i.data.message.kind !== 'system' ? [i.data.message] : []));
    const deadline = Date.now() + 20_000;
    while (Date.now() < deadline && subscribers.some((s) => messagesOf(s.received).length < committed.size)) {
      await new Promise((r) => setTimeout(r, 100));
    }
    for (const subscriber of subscribers) {
      const messages = messagesOf(subscriber.received);
      const ids = messages.map((m) => m.id);
      expect(new Set(ids).size, 'no message twice').toBe(ids.length);
      expect(new Set(ids), 'exactly the committed messages').toEqual(committed);
      for (const room of rooms) {
        const seqs = subscriber.received
          .flatMap((i) => (i.data.type === 'message.created' && i.data.conversationId === room.id ? [i.data.message.seq] : []));
        expect(seqs, 'in per-conversation order').toEqual([...seqs].sort((a, b) => a - b));
      }
      // Durable events have unique ids; typing, presence and ready repeat the last one.
      const ephemeral = new Set(['presence', 'typing', 'ready']);
      const tracked = subscriber.received.filter((i) => !ephemeral.has(i.data.type)).map((i) => i.id);
      expect(new Set(tracked).size).toBe(tracked.length);
    }
    await Promise.all(subscribers.map((s) => s.close()));
  }, 120_000);
});
