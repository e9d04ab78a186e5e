import type { StoredSession, TokenStorage } from '@rapport/sdk';
import { isRecord, readJson, removeKey, writeJson } from './json-store';

const KEY = 'rapport:session';

/** The stored session, checked field by field: anything else means "signed out". */
function asSession(value: unknown): StoredSession | null {
  if (!isRecord(value)) return null;
  const { userId, sessionId, accessToken, accessTokenExpiresAt, refreshToken } = value;
  if (
    typeof userId !== 'string' ||
    typeof sessionId !== 'string' ||
    typeof accessToken !== 'string' ||
    typeof accessTokenExpiresAt !== 'string' ||
    typeof refreshToken !== 'string'
  ) {
    return null;
  }
  return { userId, sessionId, accessToken, accessTokenExpiresAt, refreshToken };
}

/**
 * The SDK's TokenStorage on localStorage, so a reload (or a new tab) resumes
 * the session instead of asking to sign in again. The SDK saves here after
 * every sign-in, refresh and sign-out, so the refresh token stored is always
 * the current one (an old one would end the session if replayed).
 *
 * localStorage is readable by any script on this origin: fine for an example,
 * but an app that loads third-party scripts should keep the refresh token in
 * an httpOnly cookie set by its own backend instead.
 */
export function localSessionStorage(): TokenStorage {
  return {
    load: () => asSession(readJson(KEY)),
    save: (session) => {
      if (session === null) removeKey(KEY);
      else writeJson(KEY, session);
    },
  };
}
