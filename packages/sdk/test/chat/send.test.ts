import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../harness';
import { expectError } from '../expect-error';
import { listen } from '../realtime/listen';

let t: TestServer;
beforeAll(async () => {
  t = await startTestServer();
});
afterAll(() => t.close());

const text = (body: string) => ({ kind: 'text' as const, body });

describe('chat.send', () => {
  it('numbers messages 1, 2, 3 and delivers them to the other member live', async () => {
    const [ann, bob] = await Promise.all([t.user('Ann'), t.user('Bob')]);
    const conversation = await ann.api.chat.openDirect.mutate({ userId: bob.id });
    const bobHears = listen(bob);
    await new Promise((r) => setTimeout(r, 200));
    const sent = [];
    for (const body of ['one', 'two', 'three']) {
      sent.push(await ann.api.chat.send.mutate({ conversationId: conversation.id, clientKey: randomUUID(), content: text(body) }));
    }
    expect(sent.map((m) => m.seq)).toEqual([1, 2, 3]);
    await bobHears.until((events) => events.filter((e) => e.type === 'message.created').length === 3);
    const bodies = bobHears.events.flatMap((e) => (e.type === 'message.created' ? [e.message.body] : []));
    expect(bodies).toEqual(['one', 'two', 'three']);
    const seen = await bob.api.chat.get.query({ conversationId: conversation.id });
    expect(seen).toMatchObject({ unreadCount: 3, lastSeq: 3, lastMessage: { body: 'three' } });
    const mine = await ann.api.chat.get.query({ conversationId: conversation.id });
    expect(mine.unreadCount).toBe(0);
  });

  it('returns the first message for a retried client key, even 50 at once', async () => {
    const [ann, bob] = await Promise.all([t.user(), t.user()]);
    const { id } = await ann.api.chat.openDirect.mutate({ userId: bob.id });
    const clientKey = randomUUID();
    const results = await Promise.all(
      Array.from({ length: 50 }, () => ann.api.chat.send.mutate({ conversationId: id, clientKey, content: text('once') })),
    );
    expect(new Set(results.map((m) => m.id)).size).toBe(1);
    expect(new Set(results.map((m) => m.seq))).toEqual(new Set([1]));
    const next = await ann.api.chat.send.mutate({ conversationId: id, clientKey: randomUUID(), content: text('twice') });
    expect(next.seq).toBe(2);
  });

  it('is NOT_FOUND for a stranger', async () => {
    const [ann, bob, eve] = await Promise.all([t.user(), t.user(), t.user()]);
    const { id } = await ann.api.chat.openDirect.mutate({ userId: bob.id });
    await expectError(eve.api.chat.send.mutate({ conversationId: id, clientKey: randomUUID(), content: text('hi') }), 'NOT_FOUND');
    await expectError(eve.api.chat.get.query({ conversationId: id }), 'NOT_FOUND');
  });
});
