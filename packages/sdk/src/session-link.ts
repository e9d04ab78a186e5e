import type { TRPCLink } from '@trpc/client';
import type { AppRouter } from '@rapport/server';
import { observable } from '@trpc/server/observable';
import { errorReason } from './errors';
import type { StoredSession, TokenStorage } from './storage';

const SIGNED_IN_BY = new Set(['auth.signUp', 'auth.signIn', 'auth.refresh']);
const SIGNED_OUT_BY = new Set(['auth.signOut', 'auth.signOutAll']);

export interface SessionLinkOptions {
  storage: TokenStorage;
  /** Exchanges the stored refresh token; resolves false when the session is over. */
  refresh: () => Promise<boolean>;
}

function asSession(data: unknown): StoredSession | null {
  if (typeof data !== 'object' || data === null) return null;
  const d = data as Record<string, unknown>;
  const keys = ['userId', 'sessionId', 'accessToken', 'accessTokenExpiresAt', 'refreshToken'] as const;
  if (!keys.every((k) => typeof d[k] === 'string')) return null;
  return {
    userId: String(d.userId),
    sessionId: String(d.sessionId),
    accessToken: String(d.accessToken),
    accessTokenExpiresAt: String(d.accessTokenExpiresAt),
    refreshToken: String(d.refreshToken),
  };
}

/**
 * Keeps the stored session in step with the calls that change it, and when a
 * call fails because the access token expired, refreshes once and retries it.
 */
export function sessionLink(options: SessionLinkOptions): TRPCLink<AppRouter> {
  return () =>
    ({ op, next }) =>
      observable((observer) => {
        let retried = false;
        let unsubscribe = () => undefined as void;
        const attempt = () => {
          const sub = next(op).subscribe({
            next(envelope) {
              if (envelope.result.type === 'data' || envelope.result.type === undefined) {
                const data: unknown = 'data' in envelope.result ? envelope.result.data : undefined;
                if (SIGNED_IN_BY.has(op.path)) {
                  const session = asSession(data);
                  if (session) void options.storage.save(session);
                }
                if (SIGNED_OUT_BY.has(op.path)) void options.storage.save(null);
              }
              observer.next(envelope);
            },
            error(error) {
              if (!retried && op.type !== 'subscription' && !SIGNED_IN_BY.has(op.path) && errorReason(error) === 'TOKEN_EXPIRED') {
                retried = true;
                options.refresh().then(
                  (ok) => (ok ? attempt() : observer.error(error)),
                  () => observer.error(error),
                );
                return;
              }
              observer.error(error);
            },
            complete() {
              observer.complete();
            },
          });
          unsubscribe = () => sub.unsubscribe();
        };
        attempt();
        return () => unsubscribe();
      });
}
