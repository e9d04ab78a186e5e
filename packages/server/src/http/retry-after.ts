import type { TRPCError } from '@trpc/server';
import { AppError } from '../errors';

/**
 * A throttled HTTP response also says when to retry in the standard header,
 * for proxies and HTTP clients that know it; the longest wait in a batch wins.
 */
export function retryAfterHeader(errors: TRPCError[]): { headers?: Record<string, string> } {
  const waits = errors.flatMap((e) => (e.code === 'TOO_MANY_REQUESTS' && e.cause instanceof AppError && e.cause.details.retryAfterSeconds ? [e.cause.details.retryAfterSeconds] : []));
  return waits.length > 0 ? { headers: { 'retry-after': String(Math.max(...waits)) } } : {};
}
