// SQLSTATEs the server tells apart. Services use them to recognise a race
// they expect (a unique key a concurrent retry won); the error shape uses
// them to turn a value the database refused into a 400, never a 500.
export const PG_UNIQUE_VIOLATION = '23505';
export const PG_CHECK_VIOLATION = '23514';
// Class 22 is "data exception": a value the statement was given that the
// database cannot convert, store or compute with. Only input puts such values
// there, so each is the caller's mistake, never a fault of ours.
export const PG_DATA_EXCEPTION_CLASS = '22';
// Limits a value runs into, such as a search query or text too long to index.
export const PG_PROGRAM_LIMIT_EXCEEDED = '54000';

/**
 * The SQLSTATE of a database error anywhere in the cause chain: postgres.js
 * and PGlite both put it in `code`, and drizzle wraps either in a
 * DrizzleQueryError whose `cause` is the original.
 */
export function pgErrorCode(error: unknown): string | null {
  for (let e: unknown = error, depth = 0; e instanceof Error && depth < 5; e = e.cause, depth++) {
    if ('code' in e && typeof e.code === 'string' && /^[0-9A-Z]{5}$/.test(e.code)) return e.code;
  }
  return null;
}
