import { randomBytes } from 'node:crypto';
import { authRefreshTokens, eq } from '@rapport/db';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer, type TestUser } from '../harness';
import { expectError, rawApi, settleAll } from '../expect-error';

let t: TestServer;
beforeAll(async () => {
  t = await startTestServer();
});
afterAll(async () => {
  await t.close();
});

const refresh = (refreshToken: string) => rawApi(t.url, null).auth.refresh.mutate({ refreshToken });
const me = (accessToken: string) => rawApi(t.url, accessToken).auth.me.query();

async function stored(user: TestUser) {
  const session = await user.client.session();
  if (!session) throw new Error(`${user.name} should be signed in`);
  return session;
}

describe('auth.refresh', () => {
  it('rotates: a new refresh token and a working access token for the same session', async () => {
    const ann = await t.user('Ann');
    const first = await stored(ann);
    const next = await refresh(first.refreshToken);
    expect(next.refreshToken).not.toBe(first.refreshToken);
    expect(next).toMatchObject({ userId: ann.id, sessionId: first.sessionId });
    expect((await me(next.accessToken)).sessionId).toBe(first.sessionId);
    // And the new one rotates in turn.
    const third = await refresh(next.refreshToken);
    expect(third.refreshToken).not.toBe(next.refreshToken);
    expect((await me(third.accessToken)).user.id).toBe(ann.id);
  });

  it('gives a retry of the same token the same successor while that successor is unused', async () => {
    const ann = await t.user('Ann');
    const original = (await stored(ann)).refreshToken;
    const next = await refresh(original);
    const retried = await refresh(original);
    expect(retried.refreshToken).toBe(next.refreshToken);
    expect(retried.sessionId).toBe(next.sessionId);
    expect((await me(retried.accessToken)).user.id).toBe(ann.id);
    // The successor is still good: the retry did not count as reuse.
    const after = await refresh(next.refreshToken);
    expect((await me(after.accessToken)).user.id).toBe(ann.id);
  });

  it('treats a spent token presented after its successor was used as theft: the whole session ends at once', async () => {
    const ann = await t.user('Ann');
    const otherSession = await t.anonymous().api.auth.signIn.mutate({ email: ann.email, password: ann.password });
    const original = (await stored(ann)).refreshToken;
    const next = await refresh(original);
    const latest = await refresh(next.refreshToken);
    expect((await me(latest.accessToken)).user.id).toBe(ann.id);

    const error = await expectError(refresh(original), 'UNAUTHORIZED', 'REFRESH_TOKEN_REUSED');
    expect(error.message).toMatch(/sign in again/i);
    // Every token of that session stops working, the unexpired access token included.
    await expectError(me(latest.accessToken), 'UNAUTHORIZED', 'SESSION_ENDED');
    await expectError(refresh(latest.refreshToken), 'UNAUTHORIZED');
    await expectError(refresh(original), 'UNAUTHORIZED');
    // The user's other sessions are not touched.
    expect((await me(otherSession.accessToken)).sessionId).toBe(otherSession.sessionId);
  });

  it('turns 50 concurrent refreshes of one token into one rotation', async () => {
    const ann = await t.user('Ann');
    const session = await stored(ann);
    const outcomes = await settleAll(Array.from({ length: 50 }, () => refresh(session.refreshToken)));
    const failures = outcomes.flatMap((o) => (o.ok ? [] : [`${o.error.data?.code} ${o.error.data?.reason}`]));
    expect(failures).toEqual([]);
    const tokens = new Set(outcomes.flatMap((o) => (o.ok ? [o.value.refreshToken] : [])));
    expect(tokens.size).toBe(1);
    const rows = await t.server.deps.db
      .select({ usedAt: authRefreshTokens.usedAt })
      .from(authRefreshTokens)
      .where(eq(authRefreshTokens.sessionId, session.sessionId));
    expect(rows).toHaveLength(2);
    expect(rows.filter((r) => r.usedAt === null)).toHaveLength(1);
    const [successor] = tokens;
    if (successor === undefined) throw new Error('no successor');
    expect((await me((await refresh(successor)).accessToken)).user.id).toBe(ann.id);
  });

  it('refuses a token it never issued', async () => {
    const error = await expectError(refresh(randomBytes(32).toString('base64url')), 'UNAUTHORIZED', 'INVALID_REFRESH_TOKEN');
    expect(error.message).toMatch(/sign in again/i);
  });

  it('refuses the refresh token of a signed-out session', async () => {
    const ann = await t.user('Ann');
    const session = await stored(ann);
    await ann.api.auth.signOut.mutate();
    await expectError(refresh(session.refreshToken), 'UNAUTHORIZED', 'SESSION_ENDED');
  });
});
