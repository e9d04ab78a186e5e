import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer, type TestUser } from '../harness';
import { expectFieldErrors } from '../expect-error';

let t: TestServer;
beforeAll(async () => {
  t = await startTestServer();
});
afterAll(async () => {
  await t.close();
});

/** A word no other test's names contain, so each test searches its own users. */
const token = () => `q${randomBytes(4).toString('hex')}`;
const users = (...names: string[]) => Promise.all(names.map((name) => t.user(name)));

async function namesFound(searcher: TestUser, query: string): Promise<string[]> {
  const page = await searcher.api.users.search.query({ query, limit: 100 });
  expect(page.nextCursor).toBeNull();
  return page.items.map((u) => u.name).sort();
}

describe('users.search', () => {
  it('finds names containing the query, ignoring case', async () => {
    const w = token();
    const [searcher] = await users('Searcher', `Zelda ${w}Quartz`, `${w.toUpperCase()}ITE Max`, `Max ${w}`, `Other ${w.slice(0, 4)}`);
    if (!searcher) throw new Error('no searcher');
    expect(await namesFound(searcher, w.toUpperCase())).toEqual([`${w.toUpperCase()}ITE Max`, `Max ${w}`, `Zelda ${w}Quartz`].sort());
    expect(await namesFound(searcher, `${w}quartz`)).toEqual([`Zelda ${w}Quartz`]);
    expect(await namesFound(searcher, `  ${w}  `)).toHaveLength(3);
    const page = await searcher.api.users.search.query({ query: w });
    expect(page.items[0]).not.toHaveProperty('email');
  });

  it('finds non-ASCII names by their own spelling and in another case', async () => {
    const w = token();
    const [searcher] = await users('Searcher', `İlker ${w}`, `ÉMILE ${w}`, `Zoë ${w}`);
    if (!searcher) throw new Error('no searcher');
    expect(await namesFound(searcher, `İlker ${w}`)).toEqual([`İlker ${w}`]);
    expect(await namesFound(searcher, `émile ${w}`)).toEqual([`ÉMILE ${w}`]);
    expect(await namesFound(searcher, `ZOË ${w}`)).toEqual([`Zoë ${w}`]);
  });

  it('matches %, _ and \\ literally, not as wildcards', async () => {
    const w = token();
    const [searcher] = await users(
      'Searcher',
      `${w} 100% sure`,
      `${w} 1000 sure`,
      `${w} a_b`,
      `${w} axb`,
      `${w} back\\slash`,
      `${w} backslash`,
    );
    if (!searcher) throw new Error('no searcher');
    expect(await namesFound(searcher, '%')).toEqual([`${w} 100% sure`]);
    expect(await namesFound(searcher, `${w} 100%`)).toEqual([`${w} 100% sure`]);
    expect(await namesFound(searcher, `${w} a_b`)).toEqual([`${w} a_b`]);
    expect(await namesFound(searcher, `${w} a_`)).toEqual([`${w} a_b`]);
    expect(await namesFound(searcher, '\\')).toEqual([`${w} back\\slash`]);
    expect(await namesFound(searcher, `${w} back\\`)).toEqual([`${w} back\\slash`]);
    expect(await namesFound(searcher, `${w} %`)).toEqual([]);
  });

  it('pages through more results than the limit with no repeats and no gaps, in name order', async () => {
    const w = token();
    const names = [
      ...Array.from({ length: 4 }, () => `${w} Same`),
      ...Array.from({ length: 9 }, (_, i) => `${w} ${String.fromCharCode(97 + i)} "quoted" \\ ${i % 2 === 0 ? 'UPPER' : 'lower'}`),
    ];
    const [searcher, ...created] = await users('Searcher', ...names);
    if (!searcher) throw new Error('no searcher');

    const seen: { id: string; name: string }[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const page: Awaited<ReturnType<typeof searcher.api.users.search.query>> = await searcher.api.users.search.query({
        query: w,
        limit: 3,
        ...(cursor === null ? {} : { cursor }),
      });
      expect(page.items.length).toBeLessThanOrEqual(3);
      seen.push(...page.items);
      cursor = page.nextCursor;
      pages++;
    } while (cursor !== null && pages < 20);

    expect(pages).toBe(5);
    expect(seen).toHaveLength(13);
    expect(new Set(seen.map((u) => u.id))).toEqual(new Set(created.map((u) => u.id)));
    const keys = seen.map((u) => [u.name.toLowerCase(), u.id] as const);
    const sorted = [...keys].sort((a, b) => (a[0] === b[0] ? (a[1] < b[1] ? -1 : 1) : a[0] < b[0] ? -1 : 1));
    expect(keys).toEqual(sorted);

    const defaultPage = await searcher.api.users.search.query({ query: w });
    expect(defaultPage.items).toHaveLength(13);
    expect(defaultPage.nextCursor).toBeNull();
  });

  it('never shows the searcher, nor anyone on either side of a block', async () => {
    const w = token();
    const [searcher, visible, blocker, blocked] = await users(`${w} Searcher`, `${w} Visible`, `${w} Blocker`, `${w} Blocked`);
    if (!searcher || !visible || !blocker || !blocked) throw new Error('missing users');
    await blocker.api.connections.create.mutate({ targetUserId: searcher.id, type: 'block' });
    const block = await searcher.api.connections.create.mutate({ targetUserId: blocked.id, type: 'block' });

    expect(await namesFound(searcher, w)).toEqual([`${w} Visible`]);
    // The blocker does not see the searcher either, and the blocked user does not see the one who blocked them.
    expect(await namesFound(blocker, w)).toEqual([`${w} Blocked`, `${w} Visible`]);
    expect(await namesFound(blocked, w)).toEqual([`${w} Blocker`, `${w} Visible`]);
    expect(await namesFound(visible, w)).toEqual([`${w} Blocked`, `${w} Blocker`, `${w} Searcher`]);

    // Lifting the block brings them back.
    await searcher.api.connections.remove.mutate({ connectionId: block.id });
    expect(await namesFound(searcher, w)).toEqual([`${w} Blocked`, `${w} Visible`]);
  });

  it('refuses a cursor it did not make, with a field error', async () => {
    const [searcher] = await users('Searcher');
    if (!searcher) throw new Error('no searcher');
    const forged = Buffer.from(JSON.stringify(['x', 'not-a-uuid'])).toString('base64url');
    for (const cursor of ['garbage', forged, Buffer.from('{').toString('base64url')]) {
      await expectFieldErrors(searcher.api.users.search.query({ query: 'a', cursor }), ['cursor']);
    }
  });
});
