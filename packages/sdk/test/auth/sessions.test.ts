import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RapportClient } from '../../src/index';
import { startTestServer, type TestServer, type TestUser } from '../harness';
import { expectError, rawApi } from '../expect-error';

let t: TestServer;
beforeAll(async () => {
  t = await startTestServer();
});
afterAll(async () => {
  await t.close();
});

async function tokensOf(client: RapportClient) {
  const session = await client.session();
  if (!session) throw new Error('the client should be signed in');
  return session;
}

/** Another device: a second client signed in as the same user. */
async function anotherDevice(user: TestUser): Promise<RapportClient> {
  const client = t.anonymous();
  await client.api.auth.signIn.mutate({ email: user.email, password: user.password });
  return client;
}

const me = (accessToken: string) => rawApi(t.url, accessToken).auth.me.query();
const refresh = (refreshToken: string) => rawApi(t.url, null).auth.refresh.mutate({ refreshToken });

describe('auth.me', () => {
  it('returns the private profile and the current session id', async () => {
    const client = t.anonymous();
    const email = `Me-${randomUUID()}@Example.test`;
    const signedUp = await client.api.auth.signUp.mutate({ email, password: 'a long passphrase', name: '  Ann Me  ' });
    const result = await client.api.auth.me.query();
    expect(result).toEqual({
      sessionId: signedUp.sessionId,
      user: {
        id: signedUp.userId,
        email,
        name: 'Ann Me',
        bio: '',
        avatarUrl: null,
        city: null,
        interests: [],
        identityBadge: null,
        age: null,
        timeZone: 'UTC',
        createdAt: expect.any(String),
        updatedAt: expect.any(String),
      },
    });
  });
});

describe('auth.signOut', () => {
  it('ends the session at once: its access token and refresh token stop working, and the client forgets them', async () => {
    const ann = await t.user('Ann');
    const tokens = await tokensOf(ann.client);
    expect(await ann.api.auth.signOut.mutate()).toEqual({ revoked: 1 });

    await expectError(me(tokens.accessToken), 'UNAUTHORIZED', 'SESSION_ENDED');
    await expectError(rawApi(t.url, tokens.accessToken).users.search.query({ query: 'a' }), 'UNAUTHORIZED', 'SESSION_ENDED');
    await expectError(refresh(tokens.refreshToken), 'UNAUTHORIZED');
    expect(await ann.client.session()).toBeNull();
    await expectError(ann.api.auth.me.query(), 'UNAUTHORIZED', 'SIGN_IN_REQUIRED');
  });

  it('ends only the session it was called from', async () => {
    const ann = await t.user('Ann');
    const phone = await anotherDevice(ann);
    await phone.api.auth.signOut.mutate();
    expect((await ann.api.auth.me.query()).user.id).toBe(ann.id);
  });
});

describe('auth.signOutAll', () => {
  it('ends every session of the user and no one else’s', async () => {
    const ann = await t.user('Ann');
    const bob = await t.user('Bob');
    const phone = await anotherDevice(ann);
    const laptop = await anotherDevice(ann);
    const all = await Promise.all([ann.client, phone, laptop].map(tokensOf));

    expect(await phone.api.auth.signOutAll.mutate()).toEqual({ revoked: 3 });
    for (const tokens of all) {
      await expectError(me(tokens.accessToken), 'UNAUTHORIZED', 'SESSION_ENDED');
      await expectError(refresh(tokens.refreshToken), 'UNAUTHORIZED');
    }
    await expectError(laptop.api.auth.me.query(), 'UNAUTHORIZED', 'SESSION_ENDED');
    expect(await phone.session()).toBeNull();
    expect((await bob.api.auth.me.query()).user.id).toBe(bob.id);
  });
});

describe('auth.sessions', () => {
  it('lists live sessions newest first, flags the current one, and pages without gaps or repeats', async () => {
    const ann = await t.user('Ann');
    const devices: RapportClient[] = [];
    for (let i = 0; i < 4; i++) devices.push(await anotherDevice(ann));
    const [, phone, , ended] = devices;
    if (!phone || !ended) throw new Error('no device');
    await ended.api.auth.signOut.mutate();
    devices.pop();
    const current = await phone.api.auth.me.query();

    const seen = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const page = await phone.api.auth.sessions.list.query({ limit: 2, ...(cursor ? { cursor } : {}) });
      expect(page.items.length).toBeLessThanOrEqual(2);
      seen.push(...page.items);
      cursor = page.nextCursor ?? undefined;
      pages++;
    } while (cursor);

    const live = await Promise.all([ann.client, ...devices].map(tokensOf));
    expect(seen).toHaveLength(4);
    expect(pages).toBe(2);
    expect(new Set(seen.map((s) => s.id))).toEqual(new Set(live.map((s) => s.sessionId)));
    expect(seen.filter((s) => s.current).map((s) => s.id)).toEqual([current.sessionId]);
    const createdAt = seen.map((s) => Date.parse(s.createdAt));
    expect([...createdAt].sort((a, b) => b - a)).toEqual(createdAt);
    expect(seen[0]).toMatchObject({ ipAddress: expect.any(String), expiresAt: expect.any(String), lastUsedAt: expect.any(String) });

    const all = await ann.api.auth.sessions.list.query();
    expect(all.items.map((s) => s.id)).toEqual(seen.map((s) => s.id));
    expect(all.nextCursor).toBeNull();
  });

  it('revokes another of one’s own sessions at once', async () => {
    const ann = await t.user('Ann');
    const phone = await anotherDevice(ann);
    const phoneTokens = await tokensOf(phone);
    expect(await ann.api.auth.sessions.revoke.mutate({ sessionId: phoneTokens.sessionId })).toEqual({ revoked: 1 });
    await expectError(phone.api.auth.me.query(), 'UNAUTHORIZED', 'SESSION_ENDED');
    await expectError(refresh(phoneTokens.refreshToken), 'UNAUTHORIZED');
    expect((await ann.api.auth.me.query()).user.id).toBe(ann.id);
    const listed = await ann.api.auth.sessions.list.query();
    expect(listed.items.map((s) => s.id)).not.toContain(phoneTokens.sessionId);
    // Asking again is harmless.
    expect(await ann.api.auth.sessions.revoke.mutate({ sessionId: phoneTokens.sessionId })).toEqual({ revoked: 0 });
  });

  it('treats someone else’s session as not found, exactly like one that does not exist', async () => {
    const ann = await t.user('Ann');
    const bob = await t.user('Bob');
    const bobSession = await tokensOf(bob.client);
    const theirs = await expectError(ann.api.auth.sessions.revoke.mutate({ sessionId: bobSession.sessionId }), 'NOT_FOUND');
    const nobodys = await expectError(ann.api.auth.sessions.revoke.mutate({ sessionId: randomUUID() }), 'NOT_FOUND');
    expect(theirs.message).toBe(nobodys.message);
    expect((await bob.api.auth.me.query()).sessionId).toBe(bobSession.sessionId);
  });
});

describe('without a session', () => {
  it('every protected auth and users procedure answers UNAUTHORIZED', async () => {
    const api = t.anonymous().api;
    const someone = randomUUID();
    const calls: [string, () => Promise<unknown>][] = [
      ['auth.me', () => api.auth.me.query()],
      ['auth.signOut', () => api.auth.signOut.mutate()],
      ['auth.signOutAll', () => api.auth.signOutAll.mutate()],
      ['auth.sessions.list', () => api.auth.sessions.list.query({ limit: 5 })],
      ['auth.sessions.revoke', () => api.auth.sessions.revoke.mutate({ sessionId: someone })],
      ['users.get', () => api.users.get.query({ userId: someone })],
      ['users.updateMe', () => api.users.updateMe.mutate({ name: 'Nobody' })],
      ['users.search', () => api.users.search.query({ query: 'a' })],
    ];
    for (const [path, call] of calls) {
      const error = await expectError(call(), 'UNAUTHORIZED', 'SIGN_IN_REQUIRED');
      expect(error.data?.path).toBe(path);
    }
  });
});
