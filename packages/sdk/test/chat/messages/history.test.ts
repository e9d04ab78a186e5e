import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectError, expectFieldErrors } from '../../expect-error';
import { startTestServer, type TestServer } from '../../harness';
import { directPair, sayAll, unchecked, type Message } from './helpers';

let t: TestServer;
beforeAll(async () => {
  t = await startTestServer({ SEND_RATE_BURST: '100', SEND_RATE_PER_SECOND: '100' });
});
afterAll(() => t.close());

const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i);

async function walk(first: Promise<{ items: Message[]; nextCursor: string | null }>, next: (cursor: string) => Promise<{ items: Message[]; nextCursor: string | null }>) {
  const pages: number[][] = [];
  let page = await first;
  for (let guard = 0; guard < 100; guard++) {
    pages.push(page.items.map((m) => m.seq));
    if (page.nextCursor === null) return pages;
    page = await next(page.nextCursor);
  }
  throw new Error('pages did not end');
}

describe('chat.history', () => {
  let conversationId = '';
  let reader: Awaited<ReturnType<typeof directPair>>['bob'];

  beforeAll(async () => {
    const pair = await directPair(t);
    conversationId = pair.conversationId;
    reader = pair.bob;
    await sayAll(pair.ann, conversationId, range(1, 45).map((n) => `message ${n}`));
  });

  it('pages back from the newest, 10 at a time, with no gaps or duplicates', async () => {
    const pages = await walk(reader.api.chat.history.query({ conversationId, limit: 10 }), (cursor) =>
      reader.api.chat.history.query({ conversationId, cursor, limit: 10 }),
    );
    expect(pages.map((p) => p.length)).toEqual([10, 10, 10, 10, 5]);
    expect(pages.flat()).toEqual(range(1, 45).reverse());
  });

  it('pages forward from a seq, oldest first', async () => {
    const pages = await walk(reader.api.chat.history.query({ conversationId, after: 0, limit: 10 }), (cursor) =>
      reader.api.chat.history.query({ conversationId, cursor, limit: 10 }),
    );
    expect(pages.map((p) => p.length)).toEqual([10, 10, 10, 10, 5]);
    expect(pages.flat()).toEqual(range(1, 45));
    const catchUp = await reader.api.chat.history.query({ conversationId, after: 40, limit: 10 });
    expect(catchUp.items.map((m) => m.seq)).toEqual(range(41, 45));
    expect(catchUp.nextCursor).toBeNull();
  });

  it('pages both ways from the middle of the conversation', async () => {
    const older = await walk(reader.api.chat.history.query({ conversationId, before: 23, limit: 10 }), (cursor) =>
      reader.api.chat.history.query({ conversationId, cursor, limit: 10 }),
    );
    const newer = await walk(reader.api.chat.history.query({ conversationId, after: 22, limit: 10 }), (cursor) =>
      reader.api.chat.history.query({ conversationId, cursor, limit: 10 }),
    );
    expect(older.flat()).toEqual(range(1, 22).reverse());
    expect(newer.flat()).toEqual(range(23, 45));
    const messages = (await reader.api.chat.history.query({ conversationId, before: 3, limit: 10 })).items;
    expect(messages.map((m) => m.body)).toEqual(['message 2', 'message 1']);
  });

  it('is NOT_FOUND to a stranger, even for an empty page', async () => {
    const eve = await t.user('Eve');
    await expectError(eve.api.chat.history.query({ conversationId }), 'NOT_FOUND');
    await expectError(eve.api.chat.history.query({ conversationId, after: 45 }), 'NOT_FOUND');
    const empty = await directPair(t);
    expect(await empty.ann.api.chat.history.query({ conversationId: empty.conversationId })).toEqual({ items: [], nextCursor: null });
  });

  it('rejects bad input with field errors', async () => {
    const cursor = (await reader.api.chat.history.query({ conversationId, limit: 10 })).nextCursor ?? '';
    await expectFieldErrors(reader.api.chat.history.query({ conversationId, before: 10, after: 5 }), ['after']);
    await expectFieldErrors(reader.api.chat.history.query({ conversationId, cursor, before: 10 }), ['cursor']);
    await expectFieldErrors(reader.api.chat.history.query({ conversationId, cursor: 'garbage' }), ['cursor']);
    await expectFieldErrors(reader.api.chat.history.query({ conversationId, before: -1 }), ['before']);
    await expectFieldErrors(reader.api.chat.history.query({ conversationId, after: 1.5 }), ['after']);
    await expectFieldErrors(reader.api.chat.history.query({ conversationId, limit: 101 }), ['limit']);
    await expectFieldErrors(reader.api.chat.history.query(unchecked({ conversationId: 'nope' })), ['conversationId']);
  });
});
