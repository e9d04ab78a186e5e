import { expect } from 'vitest';
import { isRapportError, type RapportError } from '../../src/index';

const HTTP_STATUS = {
  BAD_REQUEST: 400,
  UNAUTHORIZED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
  TOO_MANY_REQUESTS: 429,
} as const;

export type ExpectedCode = keyof typeof HTTP_STATUS;

/**
 * Awaits a call that must fail with `code`, checks the HTTP status that goes
 * with it (so a 500 dressed up in some other way cannot pass) and returns the
 * error for further assertions.
 */
export async function expectError(call: Promise<unknown>, code: ExpectedCode): Promise<RapportError> {
  const outcome = await call.then(
    (value) => ({ ok: true as const, value }),
    (error: unknown) => ({ ok: false as const, error }),
  );
  if (outcome.ok) throw new Error(`expected ${code}, but the call succeeded with ${JSON.stringify(outcome.value)}`);
  const { error } = outcome;
  if (!isRapportError(error)) throw error;
  expect({ code: error.data?.code, httpStatus: error.data?.httpStatus, message: error.message }).toMatchObject({
    code,
    httpStatus: HTTP_STATUS[code],
  });
  expect(error.message.length).toBeGreaterThan(0);
  return error;
}

/** A BAD_REQUEST from input validation, whose field errors name `field`. */
export async function expectFieldError(call: Promise<unknown>, field: string): Promise<RapportError> {
  const error = await expectError(call, 'BAD_REQUEST');
  const fieldErrors = error.data?.fieldErrors ?? {};
  expect(Object.keys(fieldErrors), `field errors for ${field}: ${error.message}`).toContain(field);
  expect(fieldErrors[field]?.length ?? 0).toBeGreaterThan(0);
  return error;
}
