import { randomUUID } from 'node:crypto';
import { sql, users } from '@rapport/db';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../harness';
import { expectError, settleAll } from '../expect-error';

// The default per-account limit (5) on purpose: sign-up's "already exists"
// path is throttled like sign-in, and retries must still get through it.
let t: TestServer;
beforeAll(async () => {
  t = await startTestServer({ SIGNIN_MAX_FAILURES_PER_ACCOUNT: '5', SIGNIN_MAX_FAILURES_PER_ADDRESS: '1000' });
});
afterAll(async () => {
  await t.close();
});

const uniqueEmail = (local: string) => `${local}-${randomUUID().slice(0, 8)}@X.test`;

async function accountsWithEmail(email: string) {
  return t.server.deps.db
    .select({ id: users.id, email: users.email })
    .from(users)
    .where(sql`lower(${users.email}) = ${email.toLowerCase()}`);
}

describe('auth.signUp', () => {
  it('creates the account, returns a working session and stores it in the client', async () => {
    const client = t.anonymous();
    const email = uniqueEmail('Ann');
    const result = await client.api.auth.signUp.mutate({ email, password: 'a long passphrase', name: 'Ann' });
    expect(result.created).toBe(true);
    expect(result.userId).toMatch(/^[0-9a-f-]{36}$/);
    expect(result.sessionId).toMatch(/^[0-9a-f-]{36}$/);
    expect(result.accessToken.split('.')).toHaveLength(3);
    expect(result.refreshToken.length).toBeGreaterThanOrEqual(20);
    expect(Date.parse(result.accessTokenExpiresAt)).toBeGreaterThan(Date.now());
    expect(Date.parse(result.sessionExpiresAt)).toBeGreaterThan(Date.parse(result.accessTokenExpiresAt));

    expect(await client.session()).toMatchObject({ userId: result.userId, sessionId: result.sessionId, refreshToken: result.refreshToken });
    const me = await client.api.auth.me.query();
    expect(me).toMatchObject({ sessionId: result.sessionId, user: { id: result.userId, email, name: 'Ann' } });
  });

  it('treats emails that differ only in case as the same address', async () => {
    const email = uniqueEmail('Ann');
    const first = await t.anonymous().api.auth.signUp.mutate({ email, password: 'first passphrase', name: 'Ann' });
    const error = await expectError(
      t.anonymous().api.auth.signUp.mutate({ email: email.toLowerCase(), password: 'another passphrase', name: 'Impostor' }),
      'CONFLICT',
    );
    expect(error.message).toMatch(/already exists/i);
    expect(await accountsWithEmail(email)).toEqual([{ id: first.userId, email }]);
  });

  it('is safe to retry: the same email and password return the account the first attempt created', async () => {
    const email = uniqueEmail('Retry');
    const input = { email, password: 'retry passphrase', name: 'Retry' };
    const first = await t.anonymous().api.auth.signUp.mutate(input);
    const again = await t.anonymous().api.auth.signUp.mutate(input);
    expect(again).toMatchObject({ userId: first.userId, created: false });
    expect(again.sessionId).not.toBe(first.sessionId);
    const otherCase = await t.anonymous().api.auth.signUp.mutate({ ...input, email: email.toUpperCase(), name: 'Renamed' });
    expect(otherCase).toMatchObject({ userId: first.userId, created: false });

    const retried = t.anonymous();
    await retried.api.auth.signUp.mutate(input);
    expect((await retried.api.auth.me.query()).user).toMatchObject({ id: first.userId, name: 'Retry', email });
    expect(await accountsWithEmail(email)).toHaveLength(1);
  });

  it('trims spaces around the email before checking it', async () => {
    const email = uniqueEmail('Spacey');
    const created = await t.anonymous().api.auth.signUp.mutate({ email: `  ${email} `, password: 'spacey passphrase', name: 'Spacey' });
    const signedIn = await t.anonymous().api.auth.signIn.mutate({ email: email.toLowerCase(), password: 'spacey passphrase' });
    expect(signedIn.userId).toBe(created.userId);
    expect(await accountsWithEmail(email)).toEqual([{ id: created.userId, email }]);
  });

  it('does not let the "already exists" path guess passwords past the sign-in limit', async () => {
    const email = uniqueEmail('Locked');
    await t.anonymous().api.auth.signUp.mutate({ email, password: 'the real passphrase', name: 'Locked' });
    for (let i = 0; i < 5; i++) {
      await expectError(t.anonymous().api.auth.signIn.mutate({ email, password: `wrong guess ${i}` }), 'UNAUTHORIZED');
    }
    const error = await expectError(
      t.anonymous().api.auth.signUp.mutate({ email, password: 'the real passphrase', name: 'Locked' }),
      'TOO_MANY_REQUESTS',
    );
    expect(error.data?.retryAfterSeconds).toBeGreaterThan(0);
  });

  it('50 identical sign-ups at once all succeed, with one account', async () => {
    const email = uniqueEmail('Burst');
    const input = { email, password: 'burst passphrase', name: 'Burst' };
    const outcomes = await settleAll(Array.from({ length: 50 }, () => t.anonymous().api.auth.signUp.mutate(input)));
    const failures = outcomes.flatMap((o) => (o.ok ? [] : [`${o.error.data?.code}: ${o.error.message}`]));
    expect(failures).toEqual([]);
    const results = outcomes.flatMap((o) => (o.ok ? [o.value] : []));
    expect(new Set(results.map((r) => r.userId)).size).toBe(1);
    expect(results.filter((r) => r.created)).toHaveLength(1);
    expect(new Set(results.map((r) => r.sessionId)).size).toBe(50);
    const rows = await accountsWithEmail(email);
    expect(rows.map((r) => r.id)).toEqual([results[0]?.userId]);
  });

  it('50 sign-ups at once for one address in different cases and passwords create exactly one account', async () => {
    const email = uniqueEmail('race');
    const variants = Array.from({ length: 50 }, (_, i) => ({
      client: t.anonymous(),
      email: i % 3 === 0 ? email.toUpperCase() : i % 3 === 1 ? email.toLowerCase() : email,
      password: `password number ${i}`,
    }));
    const outcomes = await settleAll(
      variants.map((v) => v.client.api.auth.signUp.mutate({ email: v.email, password: v.password, name: 'Racer' })),
    );
    const winners = outcomes.flatMap((o, i) => (o.ok ? [{ ...o.value, variant: variants[i] }] : []));
    expect(winners).toHaveLength(1);
    const winner = winners[0];
    if (!winner?.variant) throw new Error('no winner');
    expect(winner.created).toBe(true);

    const codes = outcomes.flatMap((o) => (o.ok ? [] : [o.error.data?.code]));
    expect(codes).toHaveLength(49);
    expect(codes.every((c) => c === 'CONFLICT' || c === 'TOO_MANY_REQUESTS')).toBe(true);
    // Each CONFLICT answered a password guess, so no more than the limit of them.
    expect(codes.filter((c) => c === 'CONFLICT').length).toBeLessThanOrEqual(5);

    const rows = await accountsWithEmail(email);
    expect(rows).toEqual([{ id: winner.userId, email: winner.variant.email }]);
    expect((await winner.variant.client.api.auth.me.query()).user.id).toBe(winner.userId);
  });
});
