import { TRPCError } from '@trpc/server';
import { ZodError } from 'zod';
import { AppError } from './errors';
import { pgErrorCode, PG_CHECK_VIOLATION, PG_DATA_EXCEPTION_CLASS, PG_PROGRAM_LIMIT_EXCEEDED, PG_UNIQUE_VIOLATION } from './domain/pg-errors';
import { CALLS_PER_BATCH, HTTP_MAX_BODY_BYTES } from './limits';

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
  return transportMessage(error) ?? error.message;
}

const MIB = 1024 * 1024;

/**
 * tRPC's own refusals of a request it could not read name only a code or a
 * parser's words; these say what was wrong and what to do instead.
 */
function transportMessage(error: TRPCError): string | null {
  if (error.code === 'PAYLOAD_TOO_LARGE' && error.message === 'PAYLOAD_TOO_LARGE') {
    return `The request body is too large (at most ${(HTTP_MAX_BODY_BYTES / MIB).toFixed(1)} MiB). Send fewer or smaller calls at once.`;
  }
  if (error.code === 'BAD_REQUEST' && error.message === 'Batch call exceeds maximum size') {
    return `A batch holds at most ${CALLS_PER_BATCH} calls. Send the rest in another request.`;
  }
  if (error.code === 'BAD_REQUEST' && error.cause instanceof SyntaxError) return `The request body is not valid JSON (${error.cause.message}).`;
  return null;
}

function fieldErrorsOf(error: ZodError): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const issue of error.issues) {
    const key = issue.path.length > 0 ? issue.path.join('.') : '_';
    (out[key] ??= []).push(issue.message);
  }
  return out;
}

const DATA_EXCEPTION_MESSAGES: Record<string, string> = {
  '22001': 'A value is too long.',
  '22003': 'A number is out of range.',
  '22007': 'A date or time is not valid.',
  '22008': 'A date or time is out of range. Use one between 1970 and 9999.',
  '22021': 'Some text cannot be stored, such as a NUL character (\\0). Remove it.',
  '22P02': 'A value is not in the form expected.',
  '22P05': 'Some text cannot be stored, such as a NUL character (\\0). Remove it.',
};

/**
 * Turns what a service threw into the TRPCError the client sees. Services throw
 * AppError for every case they know of; the database codes are a last line for
 * a constraint or value a service did not anticipate, so even that is never a
 * 500. The database's own message is not passed on: it may quote SQL.
 */
export function toTRPCError(error: TRPCError): TRPCError {
  const cause = error.cause;
  if (cause instanceof AppError) return new TRPCError({ code: cause.code, message: cause.message, cause });
  const code = pgErrorCode(cause);
  if (code === null) return error;
  if (code === PG_UNIQUE_VIOLATION) return new TRPCError({ code: 'CONFLICT', message: 'That already exists.', cause });
  if (code === PG_CHECK_VIOLATION) return new TRPCError({ code: 'BAD_REQUEST', message: 'That request is not valid.', cause });
  if (code.startsWith(PG_DATA_EXCEPTION_CLASS)) {
    const message = DATA_EXCEPTION_MESSAGES[code] ?? 'A value in the request is out of range or not valid.';
    return new TRPCError({ code: 'BAD_REQUEST', message: `That request is not valid. ${message}`, cause });
  }
  if (code === PG_PROGRAM_LIMIT_EXCEEDED) {
    return new TRPCError({ code: 'BAD_REQUEST', message: 'That request is too large to process. Make it shorter.', cause });
  }
  return error;
}
