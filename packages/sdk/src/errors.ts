import { TRPCClientError } from '@trpc/client';
import type { RapportErrorData } from '@rapport/server';
import type { AppRouter } from './router';

/** Every error a call can reject with. */
export type RapportError = TRPCClientError<AppRouter>;

/** The server's error details: tRPC code, HTTP status, field errors, retry-after, reason. */
export type RapportErrorShape = RapportErrorData & { code: string; httpStatus: number; path?: string };

export function isRapportError(error: unknown): error is RapportError {
  return error instanceof TRPCClientError;
}

/** The machine-readable reason the server gave, e.g. TOKEN_EXPIRED, or null. */
export function errorReason(error: unknown): string | null {
  return isRapportError(error) ? (error.data?.reason ?? null) : null;
}
