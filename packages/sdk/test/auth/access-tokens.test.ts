import { randomUUID } from 'node:crypto';
import { SignJWT, UnsecuredJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer, type TestUser } from '../harness';
import { expectError, rawApi } from '../expect-error';

const SECRET = 'a-secret-only-this-test-file-knows-0123456789';
const key = (secret: string) => new TextEncoder().encode(secret);

let t: TestServer;
let ann: TestUser;
let annSessionId: string;
beforeAll(async () => {
  t = await startTestServer({ AUTH_SECRET: SECRET });
  ann = await t.user('Ann');
  annSessionId = (await ann.api.auth.me.query()).sessionId;
});
afterAll(async () => {
  await t.close();
});

interface Forged {
  sub?: string;
  /** null leaves the claim out. */
  sid?: string | null;
  iss?: string;
  aud?: string;
  /** null leaves the claim out. */
  exp?: number | string | null;
  alg?: string;
  secret?: string;
}

/** A token shaped like the server's own, with whichever part changed. */
function forge(f: Forged = {}): Promise<string> {
  const sid = f.sid === undefined ? annSessionId : f.sid;
  const jwt = new SignJWT(sid === null ? {} : { sid })
    .setProtectedHeader({ alg: f.alg ?? 'HS256' })
    .setSubject(f.sub ?? ann.id)
    .setIssuer(f.iss ?? 'rapport')
    .setAudience(f.aud ?? 'rapport-client')
    .setIssuedAt();
  const exp = f.exp === undefined ? '10m' : f.exp;
  if (exp !== null) jwt.setExpirationTime(exp);
  return jwt.sign(key(f.secret ?? SECRET));
}

const me = (token: string) => rawApi(t.url, token).auth.me.query();

describe('access tokens', () => {
  it('accepts a token made exactly like the server makes them (so the refusals below are about the one change)', async () => {
    expect((await me(await forge())).user.id).toBe(ann.id);
    const stored = await ann.client.session();
    if (!stored) throw new Error('Ann should be signed in');
    expect((await me(stored.accessToken)).sessionId).toBe(annSessionId);
  });

  it('refuses an unsigned token (alg "none")', async () => {
    const token = new UnsecuredJWT({ sid: annSessionId })
      .setSubject(ann.id)
      .setIssuer('rapport')
      .setAudience('rapport-client')
      .setIssuedAt()
      .setExpirationTime('10m')
      .encode();
    await expectError(me(token), 'UNAUTHORIZED', 'INVALID_TOKEN');
  });

  it('refuses a token signed with another secret', async () => {
    await expectError(me(await forge({ secret: 'some-other-secret-that-is-long-enough-too' })), 'UNAUTHORIZED', 'INVALID_TOKEN');
  });

  it('refuses another algorithm, even with the right secret', async () => {
    await expectError(me(await forge({ alg: 'HS512' })), 'UNAUTHORIZED', 'INVALID_TOKEN');
  });

  it('refuses the wrong issuer or audience', async () => {
    await expectError(me(await forge({ iss: 'someone-else' })), 'UNAUTHORIZED', 'INVALID_TOKEN');
    await expectError(me(await forge({ aud: 'another-app' })), 'UNAUTHORIZED', 'INVALID_TOKEN');
  });

  it('refuses a token without an expiry or without a session id', async () => {
    await expectError(me(await forge({ exp: null })), 'UNAUTHORIZED', 'INVALID_TOKEN');
    await expectError(me(await forge({ sid: null })), 'UNAUTHORIZED', 'INVALID_TOKEN');
  });

  it('refuses garbage', async () => {
    for (const garbage of ['garbage', 'a.b.c', 'eyJhbGciOiJIUzI1NiJ9..', `${await forge()}x`]) {
      await expectError(me(garbage), 'UNAUTHORIZED', 'INVALID_TOKEN');
    }
    const malformedHeader = await fetch(`${t.url}/trpc/auth.me`, { headers: { authorization: 'Basic dXNlcjpwYXNz' } });
    expect(malformedHeader.status).toBe(401);
  });

  it('tells an expired token apart, so a client knows to refresh', async () => {
    const expired = await forge({ exp: Math.floor(Date.now() / 1000) - 60 });
    const error = await expectError(me(expired), 'UNAUTHORIZED', 'TOKEN_EXPIRED');
    expect(error.message).toMatch(/expired/i);
  });

  it('refuses a validly signed token whose session is not that user’s, or does not exist', async () => {
    const bob = await t.user('Bob');
    const bobSessionId = (await bob.api.auth.me.query()).sessionId;
    await expectError(me(await forge({ sid: bobSessionId })), 'UNAUTHORIZED', 'SESSION_ENDED');
    await expectError(me(await forge({ sid: randomUUID() })), 'UNAUTHORIZED', 'SESSION_ENDED');
    await expectError(me(await forge({ sub: randomUUID() })), 'UNAUTHORIZED', 'SESSION_ENDED');
  });

  it('guards users procedures the same way', async () => {
    const token = await forge({ secret: 'some-other-secret-that-is-long-enough-too' });
    await expectError(rawApi(t.url, token).users.get.query({ userId: ann.id }), 'UNAUTHORIZED', 'INVALID_TOKEN');
    await expectError(rawApi(t.url, token).users.updateMe.mutate({ name: 'Hacked' }), 'UNAUTHORIZED', 'INVALID_TOKEN');
    expect((await ann.api.auth.me.query()).user.name).toBe('Ann');
  });
});
