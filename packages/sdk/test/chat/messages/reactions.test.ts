import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectError, expectFieldErrors } from '../../expect-error';
import { startTestServer, type TestServer } from '../../harness';
import { block, directPair, listening, say, unchecked } from './helpers';

let t: TestServer;
beforeAll(async () => {
  t = await startTestServer();
});
afterAll(() => t.close());

describe('chat.react / chat.unreact', () => {
  it('adds and removes reactions, grouped by emoji, and tells the other member', async () => {
    const { ann, bob, conversationId } = await directPair(t);
    const sent = await say(ann, conversationId, 'good news');
    const annHears = await listening(ann);
    await bob.api.chat.react.mutate({ messageId: sent.id, emoji: '👍' });
    await ann.api.chat.react.mutate({ messageId: sent.id, emoji: '👍' });
    const view = await bob.api.chat.react.mutate({ messageId: sent.id, emoji: '👨‍👩‍👧‍👦' });
    expect(view.reactions).toEqual([
      { emoji: '👍', userIds: [bob.id, ann.id] },
      { emoji: '👨‍👩‍👧‍👦', userIds: [bob.id] },
    ]);
    await annHears.until((events) => events.filter((e) => e.type === 'reaction.added' && e.userId === bob.id).length === 2);
    expect(annHears.events.find((e) => e.type === 'reaction.added')).toMatchObject({
      conversationId,
      messageId: sent.id,
      userId: bob.id,
      emoji: '👍',
    });

    const after = await bob.api.chat.unreact.mutate({ messageId: sent.id, emoji: '👍' });
    expect(after.reactions).toEqual([
      { emoji: '👍', userIds: [ann.id] },
      { emoji: '👨‍👩‍👧‍👦', userIds: [bob.id] },
    ]);
    await annHears.until((events) => events.some((e) => e.type === 'reaction.removed'));
    expect(annHears.events.find((e) => e.type === 'reaction.removed')).toMatchObject({ messageId: sent.id, userId: bob.id, emoji: '👍' });
    annHears.stop();
  });

  it('keeps one reaction and logs one event for 50 identical calls at once; the same for unreact', async () => {
    const { ann, bob, conversationId } = await directPair(t);
    const sent = await say(ann, conversationId, 'react to me');
    const annHears = await listening(ann);
    const results = await Promise.all(Array.from({ length: 50 }, () => bob.api.chat.react.mutate({ messageId: sent.id, emoji: '🎉' })));
    for (const result of results) expect(result.reactions).toEqual([{ emoji: '🎉', userIds: [bob.id] }]);
    const removed = await Promise.all(Array.from({ length: 50 }, () => bob.api.chat.unreact.mutate({ messageId: sent.id, emoji: '🎉' })));
    for (const result of removed) expect(result.reactions).toEqual([]);
    const marker = await bob.api.chat.react.mutate({ messageId: sent.id, emoji: '🏁' });
    expect(marker.reactions).toEqual([{ emoji: '🏁', userIds: [bob.id] }]);
    await annHears.until((events) => events.some((e) => e.type === 'reaction.added' && e.emoji === '🏁'));
    const about = (type: string) => annHears.events.filter((e) => e.type === type && 'emoji' in e && e.emoji === '🎉');
    expect(about('reaction.added')).toHaveLength(1);
    expect(about('reaction.removed')).toHaveLength(1);
    annHears.stop();
  });

  it(`caps the distinct emojis one person puts on one message, even when added at once`, async () => {
    const { ann, bob, conversationId } = await directPair(t);
    const sent = await say(ann, conversationId, 'so many feelings');
    const emojis = [...'😀😁😂🤣😃😄😅😆😉😊😋😎😍😘🥰😗😙😚🙂🤗🤩🤔🤨😐😑'];
    expect(emojis).toHaveLength(25);
    const outcomes = await Promise.allSettled(emojis.map((emoji) => bob.api.chat.react.mutate({ messageId: sent.id, emoji })));
    expect(outcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(20);
    const view = await bob.api.chat.message.query({ messageId: sent.id });
    expect(view.reactions).toHaveLength(20);
    await expectError(bob.api.chat.react.mutate({ messageId: sent.id, emoji: '🙃' }), 'CONFLICT');
    // A reaction already held is still fine to repeat at the cap.
    const held = view.reactions[0]?.emoji ?? '';
    expect((await bob.api.chat.react.mutate({ messageId: sent.id, emoji: held })).reactions).toHaveLength(20);
    // Another person has a cap of their own.
    expect((await ann.api.chat.react.mutate({ messageId: sent.id, emoji: '🙃' })).reactions).toHaveLength(21);
  });

  it('refuses deleted messages and a direct conversation closed by a block', async () => {
    const { ann, bob, conversationId } = await directPair(t);
    const gone = await say(ann, conversationId, 'gone');
    const kept = await say(ann, conversationId, 'kept');
    await bob.api.chat.react.mutate({ messageId: kept.id, emoji: '❤️' });
    await ann.api.chat.delete.mutate({ messageId: gone.id });
    await expectError(bob.api.chat.react.mutate({ messageId: gone.id, emoji: '👍' }), 'CONFLICT');
    await block(ann, bob);
    await expectError(bob.api.chat.react.mutate({ messageId: kept.id, emoji: '👍' }), 'FORBIDDEN');
    await expectError(bob.api.chat.unreact.mutate({ messageId: kept.id, emoji: '❤️' }), 'FORBIDDEN');
  });

  it('is NOT_FOUND to a stranger', async () => {
    const { ann, conversationId } = await directPair(t);
    const eve = await t.user('Eve');
    const sent = await say(ann, conversationId, 'private');
    await expectError(eve.api.chat.react.mutate({ messageId: sent.id, emoji: '👍' }), 'NOT_FOUND');
    await expectError(eve.api.chat.unreact.mutate({ messageId: sent.id, emoji: '👍' }), 'NOT_FOUND');
  });

  it('accepts one emoji, modifiers and sequences included, and nothing else', async () => {
    const { ann, conversationId } = await directPair(t);
    const sent = await say(ann, conversationId, 'emoji check');
    for (const emoji of ['👍🏽', '🇫🇷', '1️⃣', '❤️', '🏴󠁧󠁢󠁳󠁣󠁴󠁿', '🫠']) {
      const view = await ann.api.chat.react.mutate({ messageId: sent.id, emoji });
      expect(view.reactions.map((r) => r.emoji)).toContain(emoji);
    }
    for (const emoji of ['', 'a', 'ok', ' 👍', '👍 ', '👍👍', '\u0007', '1', '#', '😀'.repeat(9), 'x👍']) {
      await expectFieldErrors(ann.api.chat.react.mutate({ messageId: sent.id, emoji }), ['emoji']);
    }
    await expectFieldErrors(ann.api.chat.unreact.mutate(unchecked({ messageId: sent.id })), ['emoji']);
  });
});
