import { TRPCClientError, type TRPCLink } from '@trpc/client';
import { observable } from '@trpc/server/observable';
import { errorReason } from './errors';
import type { AppRouter } from './router';
import type { StoredSession, TokenStorage } from './storage';

const SIGNED_IN_BY = new Set(['auth.signUp', 'auth.signIn', 'auth.refresh']);
const SIGNED_OUT_BY = new Set(['auth.signOut', 'auth.signOutAll']);

export interface SessionLinkOptions {
  storage: TokenStorage;
  /** Exchanges the stored refresh token; resolves false when the session is over. */
  refresh: () => Promise<boolean>;
}

/** The session in a sign-in or refresh result, checked field by field. */
function asSession(data: unknown): StoredSession | null {
  if (typeof data !== 'object' || data === null) return null;
  const text = (key: keyof StoredSession): string | null => {
    const value: unknown = Reflect.get(data, key);
    return typeof value === 'string' ? value : null;
  };
  const userId = text('userId');
  const sessionId = text('sessionId');
  const accessToken = text('accessToken');
  const accessTokenExpiresAt = text('accessTokenExpiresAt');
  const refreshToken = text('refreshToken');
  if (userId === null || sessionId === null || accessToken === null || accessTokenExpiresAt === null || refreshToken === null) return null;
  return { userId, sessionId, accessToken, accessTokenExpiresAt, refreshToken };
}

/**
 * Keeps the stored session in step with the calls that change it, and when a
 * call fails because the access token expired, refreshes once and retries it.
 *
 * A call that signs in or out resolves only after the storage has saved the
 * change: with an asynchronous storage (AsyncStorage, IndexedDB) the app's
 * next call would otherwise still carry the old token, or none.
 */
export function sessionLink(options: SessionLinkOptions): TRPCLink<AppRouter> {
  return () =>
    ({ op, next }) =>
      observable((observer) => {
        let retried = false;
        let stopped = false;
        let unsubscribe: () => void = () => undefined;
        // Everything passed on waits for the saves before it, so order is kept.
        let saved: Promise<void> = Promise.resolve();
        // A save that fails fails the call: the app must not believe it is
        // signed in (or out) when the storage says otherwise.
        const afterSaves = (deliver: () => void) => {
          saved = saved.then(
            () => {
              if (!stopped) deliver();
            },
            (cause: unknown) => {
              if (!stopped) observer.error(TRPCClientError.from(cause instanceof Error ? cause : new Error(String(cause))));
            },
          );
        };
        const save = (session: StoredSession | null) => {
          saved = saved.then(async () => {
            await options.storage.save(session);
          });
        };
        const attempt = () => {
          const sub = next(op).subscribe({
            next(envelope) {
              if (envelope.result.type === 'data' || envelope.result.type === undefined) {
                const data: unknown = 'data' in envelope.result ? envelope.result.data : undefined;
                if (SIGNED_IN_BY.has(op.path)) {
                  const session = asSession(data);
                  if (session) save(session);
                }
                if (SIGNED_OUT_BY.has(op.path)) save(null);
              }
              afterSaves(() => observer.next(envelope));
            },
            error(error) {
              if (!retried && op.type !== 'subscription' && !SIGNED_IN_BY.has(op.path) && errorReason(error) === 'TOKEN_EXPIRED') {
                retried = true;
                options.refresh().then(
                  (ok) => {
                    if (stopped) return;
                    if (ok) attempt();
                    else observer.error(error);
                  },
                  () => {
                    if (!stopped) observer.error(error);
                  },
                );
                return;
              }
              afterSaves(() => observer.error(error));
            },
            complete() {
              afterSaves(() => observer.complete());
            },
          });
          unsubscribe = () => sub.unsubscribe();
        };
        attempt();
        return () => {
          stopped = true;
          unsubscribe();
        };
      });
}
