import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectError, expectFieldErrors } from '../../expect-error';
import { startTestServer, type TestServer } from '../../harness';
import { directPair, say, unchecked } from './helpers';

let t: TestServer;
beforeAll(async () => {
  t = await startTestServer();
});
afterAll(() => t.close());

describe('chat.report', () => {
  it('reports once per person: repeats, even 20 at once, return the first report', async () => {
    const { ann, bob, conversationId } = await directPair(t);
    const sent = await say(ann, conversationId, 'buy cheap watches');
    const first = await bob.api.chat.report.mutate({ messageId: sent.id, reason: 'spam', details: 'Third time today.' });
    const repeats = await Promise.all(
      Array.from({ length: 20 }, () => bob.api.chat.report.mutate({ messageId: sent.id, reason: 'harassment' })),
    );
    for (const repeat of repeats) expect(repeat).toEqual(first);
    // Still the same report after the message is edited or deleted.
    await ann.api.chat.edit.mutate({ messageId: sent.id, body: 'nothing to see' });
    await ann.api.chat.delete.mutate({ messageId: sent.id });
    expect(await bob.api.chat.report.mutate({ messageId: sent.id, reason: 'spam' })).toEqual(first);
  });

  it('keeps separate reports from separate people', async () => {
    const [owner, one, two] = await Promise.all([t.user('Owner'), t.user('One'), t.user('Two')]);
    const group = await owner.api.chat.createGroup.mutate({ title: 'Reports', memberIds: [one.id, two.id] });
    const sent = await say(owner, group.id, 'something rude');
    const a = await one.api.chat.report.mutate({ messageId: sent.id, reason: 'harassment' });
    const b = await two.api.chat.report.mutate({ messageId: sent.id, reason: 'hate' });
    expect(a.reportId).not.toBe(b.reportId);
  });

  it('refuses my own message and a deleted one, and is NOT_FOUND to a stranger', async () => {
    const { ann, bob, conversationId } = await directPair(t);
    const eve = await t.user('Eve');
    const mine = await say(ann, conversationId, 'my own words');
    await expectError(ann.api.chat.report.mutate({ messageId: mine.id, reason: 'spam' }), 'BAD_REQUEST');
    await expectError(eve.api.chat.report.mutate({ messageId: mine.id, reason: 'spam' }), 'NOT_FOUND');
    const gone = await say(ann, conversationId, 'gone');
    await ann.api.chat.delete.mutate({ messageId: gone.id });
    await expectError(bob.api.chat.report.mutate({ messageId: gone.id, reason: 'spam' }), 'CONFLICT');
  });

  it('rejects bad input with field errors', async () => {
    const { ann, bob, conversationId } = await directPair(t);
    const sent = await say(ann, conversationId, 'hm');
    await expectFieldErrors(bob.api.chat.report.mutate(unchecked({ messageId: sent.id, reason: 'rude' })), ['reason']);
    await expectFieldErrors(bob.api.chat.report.mutate({ messageId: sent.id, reason: 'other', details: 'x'.repeat(1001) }), ['details']);
    await expectFieldErrors(bob.api.chat.report.mutate({ messageId: sent.id, reason: 'other', details: 'bell \u0007' }), ['details']);
  });
});
