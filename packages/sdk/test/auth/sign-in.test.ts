import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../harness';
import { expectError, settleAll } from '../expect-error';

const LIMIT = 5;

// The address limit is high here: every request comes from 127.0.0.1, and
// sign-in-address.test.ts is where that limit is tested.
let t: TestServer;
beforeAll(async () => {
  t = await startTestServer({ SIGNIN_MAX_FAILURES_PER_ACCOUNT: String(LIMIT), SIGNIN_MAX_FAILURES_PER_ADDRESS: '1000' });
});
afterAll(async () => {
  await t.close();
});

const signIn = (email: string, password: string) => t.anonymous().api.auth.signIn.mutate({ email, password });

/** Everything about an error a caller can see. */
const visible = (e: Awaited<ReturnType<typeof expectError>>) => ({
  message: e.message,
  code: e.data?.code,
  httpStatus: e.data?.httpStatus,
  reason: e.data?.reason,
  fieldErrors: e.data?.fieldErrors,
  retryAfterSeconds: e.data?.retryAfterSeconds,
});

describe('auth.signIn', () => {
  it('opens a new session for the right password, whatever the case of the email', async () => {
    const ann = await t.user('Ann');
    const client = t.anonymous();
    const result = await client.api.auth.signIn.mutate({ email: ann.email.toUpperCase(), password: ann.password });
    expect(result.userId).toBe(ann.id);
    const first = await ann.api.auth.me.query();
    expect(result.sessionId).not.toBe(first.sessionId);
    expect(await client.api.auth.me.query()).toMatchObject({ sessionId: result.sessionId, user: { id: ann.id } });
    expect(await client.session()).toMatchObject({ sessionId: result.sessionId, accessToken: result.accessToken });
  });

  it('gives the same error for a wrong password and an unknown email', async () => {
    const ann = await t.user('Ann');
    const wrongPassword = await expectError(signIn(ann.email, 'not the password'), 'UNAUTHORIZED');
    const unknownEmail = await expectError(signIn(`${randomUUID()}@example.test`, 'not the password'), 'UNAUTHORIZED');
    expect(visible(unknownEmail)).toEqual(visible(wrongPassword));
    expect(wrongPassword.message).not.toMatch(/exist|registered|unknown|no account/i);
  });

  it('throttles an unknown email exactly like a known one', async () => {
    const ann = await t.user('Ann');
    const unknown = `${randomUUID()}@example.test`;
    for (let i = 0; i < LIMIT; i++) {
      const known = await expectError(signIn(ann.email, `wrong ${i}`), 'UNAUTHORIZED');
      const stranger = await expectError(signIn(unknown, `wrong ${i}`), 'UNAUTHORIZED');
      expect(visible(stranger)).toEqual(visible(known));
    }
    const known = await expectError(signIn(ann.email, 'wrong again'), 'TOO_MANY_REQUESTS');
    const stranger = await expectError(signIn(unknown, 'wrong again'), 'TOO_MANY_REQUESTS');
    expect({ ...visible(stranger), message: undefined, retryAfterSeconds: undefined }).toEqual({
      ...visible(known),
      message: undefined,
      retryAfterSeconds: undefined,
    });
    expect(stranger.message.replace(/\d+/g, 'N')).toBe(known.message.replace(/\d+/g, 'N'));
  });

  it(`refuses even the right password after ${LIMIT} failures, saying when to retry`, async () => {
    const ann = await t.user('Ann');
    for (let i = 0; i < LIMIT; i++) await expectError(signIn(ann.email, `wrong ${i}`), 'UNAUTHORIZED');
    const error = await expectError(signIn(ann.email, ann.password), 'TOO_MANY_REQUESTS');
    const wait = error.data?.retryAfterSeconds ?? 0;
    expect(wait).toBeGreaterThan(0);
    expect(wait).toBeLessThanOrEqual(15 * 60);
    expect(error.message).toMatch(/try again in \d+ (second|minute)s?/i);
    // Plain HTTP clients get the standard status and header too.
    const raw = await fetch(`${t.url}/trpc/auth.signIn`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: ann.email, password: ann.password }),
    });
    expect(raw.status).toBe(429);
    expect(Number(raw.headers.get('retry-after'))).toBeGreaterThan(0);
    // The lock is per account: others sign in as usual.
    const bob = await t.user('Bob');
    expect((await signIn(bob.email, bob.password)).userId).toBe(bob.id);
  });

  it(`answers at most ${LIMIT} of 50 concurrent wrong guesses; the rest are refused unchecked`, async () => {
    const ann = await t.user('Ann');
    const outcomes = await settleAll(Array.from({ length: 50 }, (_, i) => signIn(ann.email, `concurrent guess ${i}`)));
    const codes = outcomes.map((o) => (o.ok ? 'SIGNED_IN' : o.error.data?.code));
    const unauthorized = codes.filter((c) => c === 'UNAUTHORIZED').length;
    expect(unauthorized).toBeGreaterThanOrEqual(1);
    expect(unauthorized).toBeLessThanOrEqual(LIMIT);
    expect(codes.filter((c) => c === 'TOO_MANY_REQUESTS')).toHaveLength(50 - unauthorized);
    await expectError(signIn(ann.email, ann.password), 'TOO_MANY_REQUESTS');
  });

  it('resets the account counter on a successful sign-in', async () => {
    const ann = await t.user('Ann');
    for (let i = 0; i < LIMIT - 1; i++) await expectError(signIn(ann.email, `wrong ${i}`), 'UNAUTHORIZED');
    expect((await signIn(ann.email, ann.password)).userId).toBe(ann.id);
    // A full allowance again, not what was left of the old one.
    for (let i = 0; i < LIMIT; i++) await expectError(signIn(ann.email, `wrong again ${i}`), 'UNAUTHORIZED');
    await expectError(signIn(ann.email, ann.password), 'TOO_MANY_REQUESTS');
  });
});
