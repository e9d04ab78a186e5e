import { isRapportError } from './errors';

/**
 * What to do after a call failed:
 * - `retry`: the same request may succeed later (network, 5xx, rate limit);
 * - `unauthorized`: nothing will succeed until the session changes;
 * - `fail`: the request itself is refused (bad input, forbidden, not found).
 */
export type RetryVerdict = 'retry' | 'unauthorized' | 'fail';

// CONFLICT is retryable because the only one a send gives is "could not be
// sent just now; send it again with the same client key" (the server never
// says "already exists" to a retried key).
const RETRYABLE_CODES = new Set(['TOO_MANY_REQUESTS', 'TIMEOUT', 'CONFLICT', 'CLIENT_CLOSED_REQUEST']);

export function retryVerdict(error: unknown): RetryVerdict {
  // Anything that is not a tRPC error is a bug in the caller's code, not a
  // condition that time fixes.
  if (!isRapportError(error)) return 'fail';
  const data = error.data;
  // No error data means no tRPC answer arrived: the request failed on the
  // way (offline, connection reset, a proxy's error page).
  if (data === undefined || data === null) return 'retry';
  // The session link has already tried to refresh an expired token; if that
  // still failed, the refresh itself met the network, and a later try may work
  // (a session that ended instead shows up as SIGN_IN_REQUIRED next time).
  if (data.code === 'UNAUTHORIZED') return data.reason === 'TOKEN_EXPIRED' ? 'retry' : 'unauthorized';
  if (data.httpStatus >= 500 || RETRYABLE_CODES.has(data.code)) return 'retry';
  return 'fail';
}

/** The wait the server asked for with TOO_MANY_REQUESTS, in milliseconds (0 when it named none). */
export function retryAfterMs(error: unknown): number {
  if (!isRapportError(error)) return 0;
  const seconds = error.data?.retryAfterSeconds;
  return typeof seconds === 'number' && seconds > 0 ? seconds * 1000 : 0;
}
