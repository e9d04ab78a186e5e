import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../harness';
import { expectError } from '../expect-error';

// Every request in this file comes from 127.0.0.1, so this one test owns the
// address's allowance from start to end.
let t: TestServer;
beforeAll(async () => {
  t = await startTestServer({ SIGNIN_MAX_FAILURES_PER_ADDRESS: '5', SIGNIN_MAX_FAILURES_PER_ACCOUNT: '2' });
});
afterAll(async () => {
  await t.close();
});

const signIn = (email: string, password: string) => t.anonymous().api.auth.signIn.mutate({ email, password });
const stranger = () => `${randomUUID()}@example.test`;

describe('auth.signIn: the per-address limit', () => {
  it('counts failed sign-ins from one address across emails, and only failures', async () => {
    const ann = await t.user('Ann');
    const bob = await t.user('Bob');
    const carl = await t.user('Carl');

    // Two failures lock Bob's account (and use 2 of the address's 5).
    await expectError(signIn(bob.email, 'wrong 1'), 'UNAUTHORIZED');
    await expectError(signIn(bob.email, 'wrong 2'), 'UNAUTHORIZED');
    // Attempts refused by Bob's limit check no password: they are not failures
    // and must not use up the address's allowance.
    for (let i = 0; i < 5; i++) await expectError(signIn(bob.email, `refused ${i}`), 'TOO_MANY_REQUESTS');
    // A success neither counts nor gives failures back.
    expect((await signIn(ann.email, ann.password)).userId).toBe(ann.id);

    // Three more failures, each on a different email: 5 of 5.
    for (let i = 0; i < 3; i++) await expectError(signIn(stranger(), 'wrong'), 'UNAUTHORIZED');

    // Now the address is over its limit, for every account, even with the right password.
    const error = await expectError(signIn(carl.email, carl.password), 'TOO_MANY_REQUESTS');
    expect(error.data?.retryAfterSeconds).toBeGreaterThan(0);
    expect(error.message).toMatch(/try again in/i);
    await expectError(signIn(ann.email, ann.password), 'TOO_MANY_REQUESTS');
    await expectError(signIn(stranger(), 'anything at all'), 'TOO_MANY_REQUESTS');

    // Sessions already open keep working, and creating a new account checks no password.
    expect((await ann.api.auth.me.query()).user.id).toBe(ann.id);
    const dan = await t.user('Dan');
    expect((await dan.api.auth.me.query()).user.id).toBe(dan.id);
  });
});
