import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer, type TestUser } from '../harness';

let t: TestServer;
let ann: TestUser;
beforeAll(async () => {
  t = await startTestServer();
  ann = await t.user('Ann');
});
afterAll(async () => {
  await t.close();
});

const ids = (n: number) => Array.from({ length: n }, () => randomUUID());

// The longest text each search accepts, in the characters that grow most in a
// URL: accents (2 UTF-8 bytes), CJK (3), emoji (4, and two UTF-16 units),
// and the quotes and backslashes JSON escapes.
const longTexts = (chars: number) => ({
  accents: 'é'.repeat(chars),
  cjk: '検'.repeat(chars),
  emoji: '😀'.repeat(chars / 2),
  escapes: '"\\'.repeat(chars / 2),
});

describe('long and batched queries', () => {
  it('four checkMany calls of 100 ids in one tick all succeed', async () => {
    const results = await Promise.all([1, 2, 3, 4].map(() => ann.api.connections.checkMany.query({ targetUserIds: ids(100) })));
    expect(results.map((r) => r.length)).toEqual([100, 100, 100, 100]);
  });

  it('fifty checkMany calls of 100 ids in one tick all succeed', async () => {
    const results = await Promise.all(Array.from({ length: 50 }, () => ann.api.connections.checkMany.query({ targetUserIds: ids(100) })));
    expect(results.every((r) => r.length === 100)).toBe(true);
  });

  it('more calls in one tick than a batch holds all succeed', async () => {
    const results = await Promise.all(Array.from({ length: 120 }, () => ann.api.connections.checkMany.query({ targetUserIds: ids(20) })));
    expect(results.every((r) => r.length === 20)).toBe(true);
  });

  const searches: { name: string; chars: number; search: (query: string) => Promise<{ items: unknown[] }> }[] = [
    { name: 'a user search', chars: 100, search: (query: string) => ann.api.users.search.query({ query }) },
    { name: 'a chat search', chars: 200, search: (query: string) => ann.api.chat.search.query({ query }) },
  ];
  it.each(searches)('$name of the longest text of accents, CJK, emoji or escapes succeeds, alone and 48 in one tick', async ({ chars, search }) => {
    for (const text of Object.values(longTexts(chars))) {
      expect((await search(text)).items).toEqual([]);
    }
    const many = Array.from({ length: 12 }, () => Object.values(longTexts(chars))).flat();
    const together = await Promise.all(many.map((query) => search(query)));
    expect(together.every((page) => page.items.length === 0)).toBe(true);
  });

  it('long searches and id lists batched with other calls in one tick all succeed', async () => {
    const [profile, checks, checks2, checks3, users, messages] = await Promise.all([
      ann.api.users.get.query({ userId: ann.id }),
      ann.api.connections.checkMany.query({ targetUserIds: ids(100) }),
      ann.api.connections.checkMany.query({ targetUserIds: ids(100) }),
      ann.api.connections.checkMany.query({ targetUserIds: ids(100) }),
      ann.api.users.search.query({ query: longTexts(100).emoji }),
      ann.api.chat.search.query({ query: longTexts(200).cjk }),
    ]);
    expect(profile.id).toBe(ann.id);
    expect([checks, checks2, checks3].map((c) => c.length)).toEqual([100, 100, 100]);
    expect(users.items).toEqual([]);
    expect(messages.items).toEqual([]);
  });
});
