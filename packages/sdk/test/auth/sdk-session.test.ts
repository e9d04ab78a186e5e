import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRapportClient, type RapportClient, type StoredSession, type TokenStorage } from '../../src/index';
import { startTestServer, type TestServer } from '../harness';
import { expectError, rawApi } from '../expect-error';

// One-second access tokens, so that they can be made to expire.
let t: TestServer;
beforeAll(async () => {
  // JWT times are whole seconds, so a token lives between TTL − 1 and TTL
  // seconds: 3 leaves a refreshed token at least 2 s for its retried call on
  // a loaded machine (with 1, it could expire before the retry arrived).
  t = await startTestServer({ ACCESS_TOKEN_TTL_SECONDS: '3' });
});
afterAll(async () => {
  await t.close();
});

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const letAccessTokenExpire = () => sleep(3100);

interface Observed {
  client: RapportClient;
  /** How many times the client called auth.refresh. */
  refreshes(): number;
  sessionEnded(): number;
}

/** An SDK client that counts its refresh calls and onSessionEnded notifications. */
function observedClient(storage?: TokenStorage): Observed {
  let refreshes = 0;
  let ended = 0;
  const client = createRapportClient({
    url: t.url,
    ...(storage ? { storage } : {}),
    onSessionEnded: () => ended++,
    fetch: (input, init) => {
      if (String(input instanceof Request ? input.url : input).includes('auth.refresh')) refreshes++;
      return fetch(input, init);
    },
  });
  return { client, refreshes: () => refreshes, sessionEnded: () => ended };
}

const PASSWORD = 'a long passphrase';

async function signUp(client: RapportClient, name: string) {
  const email = `${randomUUID()}@example.test`;
  return { ...(await client.api.auth.signUp.mutate({ email, password: PASSWORD, name })), email };
}

async function stored(client: RapportClient): Promise<StoredSession> {
  const session = await client.session();
  if (!session) throw new Error('the client should be signed in');
  return session;
}

describe('SDK session handling', () => {
  it('refreshes an expired access token once and retries the call', async () => {
    const { client, refreshes } = observedClient();
    try {
      const signedUp = await signUp(client, 'Ann');
      await letAccessTokenExpire();
      const before = await stored(client);
      await expectError(rawApi(t.url, before.accessToken).auth.me.query(), 'UNAUTHORIZED', 'TOKEN_EXPIRED');

      const me = await client.api.auth.me.query();
      expect(me.sessionId).toBe(signedUp.sessionId);
      expect(refreshes()).toBe(1);
      const after = await stored(client);
      expect(after.sessionId).toBe(signedUp.sessionId);
      expect(after.refreshToken).not.toBe(before.refreshToken);
      expect(after.accessToken).not.toBe(before.accessToken);
    } finally {
      await client.close();
    }
  });

  it('refreshes once for several calls that fail together, and retries mutations too', async () => {
    const { client, refreshes } = observedClient();
    try {
      const signedUp = await signUp(client, 'Ann');
      await letAccessTokenExpire();
      const [me, updated, found, sessions] = await Promise.all([
        client.api.auth.me.query(),
        client.api.users.updateMe.mutate({ bio: 'written after a refresh' }),
        client.api.users.search.query({ query: 'nobody-has-this-name' }),
        client.api.auth.sessions.list.query(),
      ]);
      expect(me.user.id).toBe(signedUp.userId);
      expect(updated.bio).toBe('written after a refresh');
      expect(found.items).toEqual([]);
      expect(sessions.items.map((s) => s.id)).toEqual([signedUp.sessionId]);
      expect(refreshes()).toBe(1);
    } finally {
      await client.close();
    }
  });

  it('when the session cannot be refreshed, fails the call, forgets the session and says so once', async () => {
    const { client, sessionEnded } = observedClient();
    try {
      const signedUp = await signUp(client, 'Ann');
      const elsewhere = t.anonymous();
      await elsewhere.api.auth.signIn.mutate({ email: signedUp.email, password: PASSWORD });
      await elsewhere.api.auth.signOutAll.mutate();
      await letAccessTokenExpire();

      await expectError(client.api.auth.me.query(), 'UNAUTHORIZED');
      expect(sessionEnded()).toBe(1);
      expect(await client.session()).toBeNull();
      await expectError(client.api.users.get.query({ userId: signedUp.userId }), 'UNAUTHORIZED', 'SIGN_IN_REQUIRED');
      expect(sessionEnded()).toBe(1);
    } finally {
      await client.close();
    }
  });

  it('a refresh that fails on the network keeps the session for the next attempt', async () => {
    let refreshReachable = false;
    let ended = 0;
    const client = createRapportClient({
      url: t.url,
      onSessionEnded: () => ended++,
      fetch: (input, init) => {
        const url = String(input instanceof Request ? input.url : input);
        if (url.includes('auth.refresh') && !refreshReachable) return Promise.reject(new TypeError('fetch failed'));
        return fetch(input, init);
      },
    });
    try {
      await signUp(client, 'Ann');
      const before = await stored(client);
      await letAccessTokenExpire();

      await expectError(client.api.auth.me.query(), 'UNAUTHORIZED', 'TOKEN_EXPIRED');
      expect(ended).toBe(0);
      expect(await client.session()).toEqual(before);

      refreshReachable = true;
      expect((await client.api.auth.me.query()).sessionId).toBe(before.sessionId);
      expect((await stored(client)).refreshToken).not.toBe(before.refreshToken);
    } finally {
      await client.close();
    }
  });

  it('with an asynchronous storage, the session is saved before sign-up, sign-in and sign-out resolve', async () => {
    // Like AsyncStorage or IndexedDB: every read and write takes a moment.
    let kept: StoredSession | null = null;
    const storage: TokenStorage = {
      load: async () => {
        await sleep(5);
        return kept;
      },
      save: async (session) => {
        await sleep(25);
        kept = session;
      },
    };
    const { client } = observedClient(storage);
    try {
      const signedUp = await signUp(client, 'Ann');
      expect(kept).toMatchObject({ sessionId: signedUp.sessionId });
      expect((await client.api.auth.me.query()).sessionId).toBe(signedUp.sessionId);

      await client.api.auth.signOut.mutate();
      expect(kept).toBeNull();

      const signedIn = await client.api.auth.signIn.mutate({ email: signedUp.email, password: PASSWORD });
      expect(kept).toMatchObject({ sessionId: signedIn.sessionId });
      expect((await client.api.auth.me.query()).sessionId).toBe(signedIn.sessionId);
    } finally {
      await client.close();
    }
  });
});
