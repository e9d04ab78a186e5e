import { createTRPCClient, httpLink } from '@trpc/client';
import { expect } from 'vitest';
import { isRapportError, type AppRouter, type RapportError } from '../src/index';

export type ErrorCode = 'BAD_REQUEST' | 'UNAUTHORIZED' | 'FORBIDDEN' | 'NOT_FOUND' | 'CONFLICT' | 'TOO_MANY_REQUESTS';

const HTTP_STATUS: Record<ErrorCode, number> = {
  BAD_REQUEST: 400,
  UNAUTHORIZED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
  TOO_MANY_REQUESTS: 429,
};

/** The error a call rejected with; fails the test if it resolved or threw something else. */
export async function rejectionOf(call: Promise<unknown>): Promise<RapportError> {
  let result: unknown;
  try {
    result = await call;
  } catch (error) {
    if (isRapportError(error)) return error;
    throw error;
  }
  throw new Error(`expected the call to fail, but it returned ${JSON.stringify(result)}`);
}

/**
 * Asserts the code, the HTTP status that goes with it (so never a 500), and,
 * when given, the reason; returns the error for further checks.
 */
export async function expectError(call: Promise<unknown>, code: ErrorCode, reason?: string | null): Promise<RapportError> {
  const error = await rejectionOf(call);
  expect({ code: error.data?.code, httpStatus: error.data?.httpStatus }, error.message).toEqual({ code, httpStatus: HTTP_STATUS[code] });
  if (reason !== undefined) expect(error.data?.reason ?? null).toBe(reason);
  expect(error.message.length).toBeGreaterThan(0);
  return error;
}

/** BAD_REQUEST naming the given fields (dotted paths) in data.fieldErrors. */
export async function expectFieldErrors(call: Promise<unknown>, fields: string[]): Promise<RapportError> {
  const error = await expectError(call, 'BAD_REQUEST');
  const fieldErrors = error.data?.fieldErrors ?? {};
  expect(Object.keys(fieldErrors), error.message).toEqual(expect.arrayContaining(fields));
  for (const field of fields) expect(fieldErrors[field]?.[0]?.length ?? 0).toBeGreaterThan(0);
  return error;
}

export type Settled<T> = { ok: true; value: T } | { ok: false; error: RapportError };

/** Runs calls at once and keeps every outcome; anything but an API error fails the test. */
export async function settleAll<T>(calls: Promise<T>[]): Promise<Settled<T>[]> {
  return Promise.all(
    calls.map((call) =>
      call.then(
        (value): Settled<T> => ({ ok: true, value }),
        (error: unknown): Settled<T> => {
          if (isRapportError(error)) return { ok: false, error };
          throw error;
        },
      ),
    ),
  );
}

/**
 * A plain tRPC client that sends exactly the given access token: no stored
 * session, no refresh, no retry. For checking what the server does with a token.
 */
export function rawApi(url: string, accessToken: string | null) {
  return createTRPCClient<AppRouter>({
    links: [httpLink({ url: `${url}/trpc`, headers: accessToken === null ? {} : { authorization: `Bearer ${accessToken}` } })],
  });
}
