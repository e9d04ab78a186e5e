import { TRPCError } from '@trpc/server';
import { ZodError } from 'zod';
import { AppError } from './errors';

/**
 * The `data` every error carries to the client, beside tRPC's own code and
 * HTTP status. Exported so the SDK can type what it hands the app.
 */
export interface RapportErrorData {
  /** Per-field messages for invalid input, keyed by dotted path ("interests.2"). */
  fieldErrors: Record<string, string[]> | null;
  /** With TOO_MANY_REQUESTS: how many seconds to wait before retrying. */
  retryAfterSeconds: number | null;
  /** A machine-readable reason where the code alone is ambiguous, e.g. TOKEN_EXPIRED. */
  reason: string | null;
}

export function errorData(error: TRPCError): RapportErrorData {
  const cause = error.cause;
  if (cause instanceof ZodError) return { fieldErrors: fieldErrorsOf(cause), retryAfterSeconds: null, reason: null };
  if (cause instanceof AppError) {
    return { fieldErrors: null, retryAfterSeconds: cause.details.retryAfterSeconds ?? null, reason: cause.details.reason ?? null };
  }
  return { fieldErrors: null, retryAfterSeconds: null, reason: null };
}

export function errorMessage(error: TRPCError): string {
  if (error.cause instanceof ZodError) {
    const first = error.cause.issues[0];
    const where = first && first.path.length > 0 ? `${first.path.join('.')}: ` : '';
    return `Invalid input. ${where}${first?.message ?? 'check the request'}`;
  }
  if (error.code === 'INTERNAL_SERVER_ERROR') return 'Something went wrong on our side. Please try again.';
  return error.message;
}

function fieldErrorsOf(error: ZodError): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const issue of error.issues) {
    const key = issue.path.length > 0 ? issue.path.join('.') : '_';
    (out[key] ??= []).push(issue.message);
  }
  return out;
}

const PG_UNIQUE_VIOLATION = '23505';
const PG_CHECK_VIOLATION = '23514';
const PG_INVALID_TEXT = '22P02';
// Text PostgreSQL cannot store, such as a NUL character.
const PG_UNTRANSLATABLE = '22021';

/**
 * Turns what a service threw into the TRPCError the client sees. Services throw
 * AppError for every case they know of; the database codes are a last line for
 * a constraint a service did not anticipate, so even that is never a 500.
 */
export function toTRPCError(error: TRPCError): TRPCError {
  const cause = error.cause;
  if (cause instanceof AppError) return new TRPCError({ code: cause.code, message: cause.message, cause });
  switch (pgErrorCode(cause)) {
    case PG_UNIQUE_VIOLATION:
      return new TRPCError({ code: 'CONFLICT', message: 'That already exists.', cause });
    case PG_CHECK_VIOLATION:
    case PG_INVALID_TEXT:
    case PG_UNTRANSLATABLE:
      return new TRPCError({ code: 'BAD_REQUEST', message: 'That request is not valid.', cause });
    default:
      return error;
  }
}

export function pgErrorCode(error: unknown): string | null {
  for (let e: unknown = error, depth = 0; e instanceof Error && depth < 5; e = e.cause, depth++) {
    if ('code' in e && typeof e.code === 'string' && /^[0-9A-Z]{5}$/.test(e.code)) return e.code;
  }
  return null;
}
