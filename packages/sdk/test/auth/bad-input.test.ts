import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer, type TestUser } from '../harness';
import { expectFieldErrors } from '../expect-error';

let t: TestServer;
let ann: TestUser;
beforeAll(async () => {
  t = await startTestServer({ SIGNIN_MAX_FAILURES_PER_ADDRESS: '1000' });
  ann = await t.user('Ann');
});
afterAll(async () => {
  await t.close();
});

/** Sends what the types forbid, as a client written in another language could. */
const untyped = <T>(value: unknown): T => value as T;
type SignUpInput = Parameters<TestUser['api']['auth']['signUp']['mutate']>[0];
type SignInInput = Parameters<TestUser['api']['auth']['signIn']['mutate']>[0];
type RefreshInput = Parameters<TestUser['api']['auth']['refresh']['mutate']>[0];
type ListInput = Parameters<TestUser['api']['auth']['sessions']['list']['query']>[0];
type RevokeInput = Parameters<TestUser['api']['auth']['sessions']['revoke']['mutate']>[0];

const good = { email: 'someone@example.test', password: 'a long passphrase', name: 'Someone' };

describe('bad input to auth procedures is BAD_REQUEST with field errors, never a 500', () => {
  it('signUp', async () => {
    const signUp = (input: unknown) => t.anonymous().api.auth.signUp.mutate(untyped<SignUpInput>(input));
    const cases: [unknown, string[]][] = [
      [{ ...good, email: 'not-an-email' }, ['email']],
      [{ ...good, email: `${'a'.repeat(250)}@example.test` }, ['email']],
      [{ ...good, email: 42 }, ['email']],
      [{ ...good, password: 'short' }, ['password']],
      [{ ...good, password: 'p'.repeat(129) }, ['password']],
      [{ ...good, password: null }, ['password']],
      [{ ...good, name: '' }, ['name']],
      [{ ...good, name: '   ' }, ['name']],
      [{ ...good, name: 'n'.repeat(101) }, ['name']],
      [{ ...good, name: 'nul\u0000name' }, ['name']],
      [{ ...good, name: ['Some', 'one'] }, ['name']],
      [{}, ['email', 'password', 'name']],
      ['just a string', ['_']],
    ];
    for (const [input, fields] of cases) await expectFieldErrors(signUp(input), fields);
    // None of them created an account.
    await expectFieldErrors(signUp({ ...good, password: 'short' }), ['password']);
    expect((await t.anonymous().api.auth.signUp.mutate(good)).created).toBe(true);
  });

  it('signIn', async () => {
    const signIn = (input: unknown) => t.anonymous().api.auth.signIn.mutate(untyped<SignInInput>(input));
    const cases: [unknown, string[]][] = [
      [{ email: 'nope', password: 'whatever it is' }, ['email']],
      [{ email: ann.email, password: '' }, ['password']],
      [{ email: ann.email, password: 'p'.repeat(129) }, ['password']],
      [{ email: ann.email }, ['password']],
      [{ email: ann.email, password: 12345678 }, ['password']],
      [null, ['_']],
    ];
    for (const [input, fields] of cases) await expectFieldErrors(signIn(input), fields);
    // Malformed attempts are not failed attempts: the account is not locked by them.
    expect((await t.anonymous().api.auth.signIn.mutate({ email: ann.email, password: ann.password })).userId).toBe(ann.id);
  });

  it('refresh', async () => {
    const refresh = (input: unknown) => t.anonymous().api.auth.refresh.mutate(untyped<RefreshInput>(input));
    for (const input of [{ refreshToken: 'short' }, { refreshToken: 'r'.repeat(201) }, { refreshToken: 123 }, {}]) {
      await expectFieldErrors(refresh(input), ['refreshToken']);
    }
  });

  it('sessions.list', async () => {
    const list = (input: unknown) => ann.api.auth.sessions.list.query(untyped<ListInput>(input));
    for (const limit of [0, 101, 1.5, '10', -1]) await expectFieldErrors(list({ limit }), ['limit']);
    const forged = Buffer.from(JSON.stringify(['yesterday', 'not-a-uuid'])).toString('base64url');
    for (const cursor of ['garbage', forged, 'c'.repeat(501), 7]) await expectFieldErrors(list({ cursor }), ['cursor']);
  });

  it('sessions.revoke', async () => {
    const revoke = (input: unknown) => ann.api.auth.sessions.revoke.mutate(untyped<RevokeInput>(input));
    for (const input of [{ sessionId: 'abc' }, { sessionId: null }, {}, { sessionId: `${'0'.repeat(8)}-0000-0000-0000-${'0'.repeat(11)}` }]) {
      await expectFieldErrors(revoke(input), ['sessionId']);
    }
    expect((await ann.api.auth.me.query()).user.id).toBe(ann.id);
  });

  it('a body that is not JSON at all', async () => {
    const response = await fetch(`${t.url}/trpc/auth.signIn`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"email": "a@b.test", "password": ',
    });
    expect(response.status).toBe(400);
    const query = await fetch(`${t.url}/trpc/auth.me?input=%7Bnot-json`);
    expect(query.status).toBeLessThan(500);
    expect(query.status).toBeGreaterThanOrEqual(400);
  });
});
