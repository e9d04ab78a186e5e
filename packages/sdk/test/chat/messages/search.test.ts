import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectError, expectFieldErrors } from '../../expect-error';
import { startTestServer, type TestServer } from '../../harness';
import { block, directPair, say, sayAll } from './helpers';

let t: TestServer;
beforeAll(async () => {
  t = await startTestServer({ SEND_RATE_BURST: '100', SEND_RATE_PER_SECOND: '100' });
});
afterAll(() => t.close());

describe('chat.search', () => {
  it('finds words across my conversations, newest first, and never a conversation I am not in', async () => {
    const [ann, bob, cat, eve] = await Promise.all([t.user('Ann'), t.user('Bob'), t.user('Cat'), t.user('Eve')]);
    const withBob = (await ann.api.chat.openDirect.mutate({ userId: bob.id })).id;
    const withCat = (await ann.api.chat.openDirect.mutate({ userId: cat.id })).id;
    const bobAndEve = (await bob.api.chat.openDirect.mutate({ userId: eve.id })).id;
    const first = await say(ann, withBob, 'Pancakes for breakfast?');
    await say(bob, withBob, 'Only waffles here');
    const second = await say(cat, withCat, 'pancakes are great');
    await say(eve, bobAndEve, 'pancakes secret between bob and eve');

    const found = await ann.api.chat.search.query({ query: 'PANCAKES' });
    expect(found.items.map((hit) => hit.message.id)).toEqual([second.id, first.id]);
    expect(found.items.map((hit) => hit.conversationId)).toEqual([withCat, withBob]);
    expect(found.nextCursor).toBeNull();

    const onlyBob = await ann.api.chat.search.query({ query: 'pancakes', conversationId: withBob });
    expect(onlyBob.items.map((hit) => hit.message.id)).toEqual([first.id]);

    const bobFinds = await bob.api.chat.search.query({ query: 'pancakes' });
    expect(bobFinds.items.map((hit) => hit.message.body)).toEqual(['pancakes secret between bob and eve', 'Pancakes for breakfast?']);
    expect((await cat.api.chat.search.query({ query: 'waffles' })).items).toEqual([]);
    await expectError(cat.api.chat.search.query({ query: 'pancakes', conversationId: withBob }), 'NOT_FOUND');
  });

  it('understands web search syntax: "a phrase", -excluded, or', async () => {
    const { ann, conversationId } = await directPair(t);
    const [quick, lazy, slow] = await sayAll(ann, conversationId, ['the quick brown fox', 'the brown lazy fox', 'a slow turtle']);
    const ids = async (query: string) => (await ann.api.chat.search.query({ query, conversationId })).items.map((hit) => hit.message.id);
    expect(await ids('brown fox')).toEqual([lazy?.id, quick?.id]);
    expect(await ids('"brown fox"')).toEqual([quick?.id]);
    expect(await ids('fox -lazy')).toEqual([quick?.id]);
    expect(await ids('turtle or quick')).toEqual([slow?.id, quick?.id]);
  });

  it('gives an empty page, not an error, for a query with no words', async () => {
    const { ann, conversationId } = await directPair(t);
    await say(ann, conversationId, 'hello!!!');
    for (const query of ['!!!', '"', '-', '&|!():*']) {
      expect(await ann.api.chat.search.query({ query })).toEqual({ items: [], nextCursor: null });
    }
  });

  it('leaves out deleted messages and those of someone blocked', async () => {
    const { ann, bob, conversationId } = await directPair(t);
    const kept = await say(ann, conversationId, 'umbrella kept');
    const gone = await say(ann, conversationId, 'umbrella gone');
    const theirs = await say(bob, conversationId, 'umbrella from bob');
    await ann.api.chat.delete.mutate({ messageId: gone.id });
    expect((await ann.api.chat.search.query({ query: 'umbrella' })).items.map((hit) => hit.message.id)).toEqual([theirs.id, kept.id]);
    await block(ann, bob);
    expect((await ann.api.chat.search.query({ query: 'umbrella' })).items.map((hit) => hit.message.id)).toEqual([kept.id]);
  });

  it('pages newest first with no gaps or duplicates', async () => {
    const { ann, bob, conversationId } = await directPair(t);
    const sent = await sayAll(
      ann,
      conversationId,
      Array.from({ length: 23 }, (_, i) => `needle ${i}`),
    );
    await say(bob, conversationId, 'haystack');
    const seen: string[] = [];
    let cursor: string | undefined;
    for (let guard = 0; guard < 10; guard++) {
      const page = await ann.api.chat.search.query({ query: 'needle', limit: 5, ...(cursor === undefined ? {} : { cursor }) });
      expect(page.items.length).toBeLessThanOrEqual(5);
      seen.push(...page.items.map((hit) => hit.message.id));
      if (page.nextCursor === null) break;
      cursor = page.nextCursor;
    }
    expect(seen).toEqual(sent.map((m) => m.id).reverse());
  });

  it('rejects bad input with field errors', async () => {
    const { ann } = await directPair(t);
    await expectFieldErrors(ann.api.chat.search.query({ query: '   ' }), ['query']);
    await expectFieldErrors(ann.api.chat.search.query({ query: 'x'.repeat(201) }), ['query']);
    await expectFieldErrors(ann.api.chat.search.query({ query: 'ok', cursor: 'nope' }), ['cursor']);
    await expectFieldErrors(ann.api.chat.search.query({ query: 'ok', limit: 0 }), ['limit']);
  });
});
