import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectError, expectFieldErrors } from '../../expect-error';
import { startTestServer, type TestServer } from '../../harness';
import { directPair, listening, say, sayAll } from './helpers';

let t: TestServer;
beforeAll(async () => {
  t = await startTestServer({ SEND_RATE_BURST: '100', SEND_RATE_PER_SECOND: '100' });
});
afterAll(() => t.close());

const isoTime = expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
const bodies = (n: number) => Array.from({ length: n }, (_, i) => `m${i + 1}`);

describe('chat.markRead / chat.readers', () => {
  it('counts unread as sends arrive and moves the watermark forward only', async () => {
    const { ann, bob, conversationId } = await directPair(t);
    await sayAll(ann, conversationId, bodies(5));
    expect((await bob.api.chat.get.query({ conversationId })).unreadCount).toBe(5);
    expect(await bob.api.chat.markRead.mutate({ conversationId, seq: 3 })).toEqual({ lastReadSeq: 3, unreadCount: 2 });
    expect(await bob.api.chat.markRead.mutate({ conversationId, seq: 1 })).toEqual({ lastReadSeq: 3, unreadCount: 2 });
    await say(ann, conversationId, 'm6');
    expect((await bob.api.chat.get.query({ conversationId })).unreadCount).toBe(3);
    // Past the last message: clamped, so a later message still counts as unread.
    expect(await bob.api.chat.markRead.mutate({ conversationId, seq: 1000 })).toEqual({ lastReadSeq: 6, unreadCount: 0 });
    await say(ann, conversationId, 'm7');
    expect(await bob.api.chat.markRead.mutate({ conversationId, seq: 0 })).toEqual({ lastReadSeq: 6, unreadCount: 1 });
    // A sender has read what they sent.
    expect(await ann.api.chat.markRead.mutate({ conversationId, seq: 0 })).toEqual({ lastReadSeq: 7, unreadCount: 0 });
  });

  it('ends at the highest of 50 concurrent marks, and logs only the moves', async () => {
    const { ann, bob, conversationId } = await directPair(t);
    await sayAll(ann, conversationId, bodies(50));
    const annHears = await listening(ann);
    const seqs = Array.from({ length: 50 }, (_, i) => ((i * 37) % 50) + 1);
    const results = await Promise.all(seqs.map((seq) => bob.api.chat.markRead.mutate({ conversationId, seq })));
    for (const [i, result] of results.entries()) expect(result.lastReadSeq).toBeGreaterThanOrEqual(seqs[i] ?? 0);
    expect(await bob.api.chat.markRead.mutate({ conversationId, seq: 0 })).toEqual({ lastReadSeq: 50, unreadCount: 0 });
    const marker = await say(ann, conversationId, 'marker');
    await annHears.until((events) => events.some((e) => e.type === 'message.created' && e.message.id === marker.id));
    const moves = annHears.events.flatMap((e) => (e.type === 'read.updated' && e.userId === bob.id ? [e.lastReadSeq] : []));
    // Each logged move went strictly past the one before it, and they arrive
    // in the order the watermark moved.
    expect(moves).toEqual([...new Set(moves)].sort((a, b) => a - b));
    expect(moves.at(-1)).toBe(50);
    annHears.stop();
  });

  it('tells the other member, and readers shows how far each has read', async () => {
    const { ann, bob, conversationId } = await directPair(t);
    await sayAll(ann, conversationId, bodies(4));
    const before = await bob.api.chat.readers.query({ conversationId });
    expect(before).toEqual([
      { userId: ann.id, lastReadSeq: 4, lastReadAt: isoTime },
      { userId: bob.id, lastReadSeq: 0, lastReadAt: null },
    ]);
    const annHears = await listening(ann);
    await bob.api.chat.markRead.mutate({ conversationId, seq: 2 });
    await annHears.until((events) => events.some((e) => e.type === 'read.updated'));
    expect(annHears.events.find((e) => e.type === 'read.updated')).toMatchObject({ conversationId, userId: bob.id, lastReadSeq: 2 });
    const after = await ann.api.chat.readers.query({ conversationId });
    expect(after.find((r) => r.userId === bob.id)).toMatchObject({ lastReadSeq: 2, lastReadAt: isoTime });
    annHears.stop();
  });

  it('is NOT_FOUND to a stranger', async () => {
    const { ann, conversationId } = await directPair(t);
    await say(ann, conversationId, 'hi');
    const eve = await t.user('Eve');
    await expectError(eve.api.chat.markRead.mutate({ conversationId, seq: 1 }), 'NOT_FOUND');
    await expectError(eve.api.chat.readers.query({ conversationId }), 'NOT_FOUND');
  });

  it('rejects bad input with field errors', async () => {
    const { ann, conversationId } = await directPair(t);
    await expectFieldErrors(ann.api.chat.markRead.mutate({ conversationId, seq: -1 }), ['seq']);
    await expectFieldErrors(ann.api.chat.markRead.mutate({ conversationId, seq: 2.5 }), ['seq']);
    await expectFieldErrors(ann.api.chat.readers.query({ conversationId: 'x' }), ['conversationId']);
  });
});
