/** What the SDK keeps between calls to stay signed in. */
export interface StoredSession {
  userId: string;
  sessionId: string;
  accessToken: string;
  accessTokenExpiresAt: string;
  refreshToken: string;
}

/**
 * Where tokens live: memory by default; pass your own to keep them in
 * localStorage, secure storage on mobile, or a cookie jar.
 */
export interface TokenStorage {
  load(): StoredSession | null | Promise<StoredSession | null>;
  save(session: StoredSession | null): void | Promise<void>;
}

export function memoryStorage(initial: StoredSession | null = null): TokenStorage {
  let current = initial;
  return {
    load: () => current,
    save: (session) => {
      current = session;
    },
  };
}
