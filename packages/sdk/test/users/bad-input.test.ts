import { afterAll, beforeAll, describe, it } from 'vitest';
import { startTestServer, type TestServer, type TestUser } from '../harness';
import { expectFieldErrors } from '../expect-error';

let t: TestServer;
let ann: TestUser;
beforeAll(async () => {
  t = await startTestServer();
  ann = await t.user('Ann');
});
afterAll(async () => {
  await t.close();
});

/** Sends what the types forbid, as a client written in another language could. */
const untyped = <T>(value: unknown): T => value as T;
type GetInput = Parameters<TestUser['api']['users']['get']['query']>[0];
type UpdateInput = Parameters<TestUser['api']['users']['updateMe']['mutate']>[0];
type SearchInput = Parameters<TestUser['api']['users']['search']['query']>[0];

describe('bad input to users procedures is BAD_REQUEST with field errors, never a 500', () => {
  it('get', async () => {
    const get = (input: unknown) => ann.api.users.get.query(untyped<GetInput>(input));
    for (const input of [{ userId: 'abc' }, { userId: 42 }, { userId: null }, {}, { userId: `${ann.id}x` }]) {
      await expectFieldErrors(get(input), ['userId']);
    }
  });

  it('updateMe', async () => {
    const update = (input: unknown) => ann.api.users.updateMe.mutate(untyped<UpdateInput>(input));
    const cases: [unknown, string[]][] = [
      [{ name: 42 }, ['name']],
      [{ name: null }, ['name']],
      [{ bio: null }, ['bio']],
      [{ bio: { text: 'hi' } }, ['bio']],
      [{ avatarUrl: 42 }, ['avatarUrl']],
      [{ city: '' }, ['city']],
      [{ city: 7 }, ['city']],
      [{ interests: 'Yoga' }, ['interests']],
      [{ interests: null }, ['interests']],
      [{ interests: ['Yoga', 3] }, ['interests.1']],
      [{ name: '', bio: 'b'.repeat(1001), interests: [''] }, ['name', 'bio', 'interests.0']],
      ['a string', ['_']],
    ];
    for (const [input, fields] of cases) await expectFieldErrors(update(input), fields);
  });

  it('search', async () => {
    const search = (input: unknown) => ann.api.users.search.query(untyped<SearchInput>(input));
    const cases: [unknown, string[]][] = [
      [{ query: '' }, ['query']],
      [{ query: '   ' }, ['query']],
      [{ query: 'q'.repeat(101) }, ['query']],
      [{ query: 'nul\u0000' }, ['query']],
      [{ query: 5 }, ['query']],
      [{}, ['query']],
      [{ query: 'a', limit: 0 }, ['limit']],
      [{ query: 'a', limit: 101 }, ['limit']],
      [{ query: 'a', limit: 2.5 }, ['limit']],
      [{ query: 'a', cursor: 'garbage' }, ['cursor']],
      [{ query: 'a', cursor: 'c'.repeat(501) }, ['cursor']],
    ];
    for (const [input, fields] of cases) await expectFieldErrors(search(input), fields);
  });
});
