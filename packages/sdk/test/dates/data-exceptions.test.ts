import { TRPCError } from '@trpc/server';
import { sql, type SQL } from '@rapport/db';
import { openTestDatabase, type TestDatabase } from '@rapport/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pgErrorCode } from '../../../server/src/domain/pg-errors';
import { toTRPCError } from '../../../server/src/error-shape';

let database: TestDatabase;
beforeAll(async () => {
  database = await openTestDatabase(1);
});
afterAll(async () => {
  await database.dispose();
});

/** What tRPC hands the error middleware when a service lets a database error through. */
async function failureOf(query: SQL, setup?: SQL): Promise<TRPCError> {
  try {
    if (setup) await database.handle.db.execute(setup);
    await database.handle.db.execute(query);
  } catch (cause) {
    return new TRPCError({ code: 'INTERNAL_SERVER_ERROR', cause });
  }
  throw new Error('expected the query to fail');
}

// Values a client could smuggle past a schema into a statement, one per kind of data exception.
const cases: [string, string, SQL, SQL?][] = [
  ['a timestamp at year 0000', '22', sql`select ${'0000-01-01T00:00:00Z'}::timestamptz`],
  ['a timestamp past year 9999 written with six digits', '22', sql`select ${'+010000-01-01T04:59:59.000Z'}::timestamptz`],
  ['a date at year 0000', '22', sql`select ${'0000-01-01'}::date`],
  ['a number too big for its column', '22003', sql`select ${'99999999999'}::int4`],
  ['text that is not a uuid', '22P02', sql`select ${'not-a-uuid'}::uuid`],
  [
    'text too long for its column',
    '22001',
    sql`insert into short_text values (${'too long'})`,
    sql`create temporary table if not exists short_text (value varchar(3))`,
  ],
  ['a NUL character in text', '22', sql`select ${'a\u0000b'}::text`],
  ['a division by zero', '22012', sql`select 1 / ${0}::int`],
  [
    'text too long to index for search',
    '54000',
    sql`select string_agg(md5(i::text), ${' '})::tsvector from generate_series(1, 40000) i`,
  ],
];

describe('a database data exception caused by input is BAD_REQUEST on every driver, never a 500', () => {
  it.each(cases)('%s', async (_what, codePrefix, query, setup) => {
    const failure = await failureOf(query, setup);
    expect(pgErrorCode(failure.cause)).toMatch(new RegExp(`^${codePrefix}`));
    const mapped = toTRPCError(failure);
    expect(mapped.code).toBe('BAD_REQUEST');
    // The database's own message quotes the SQL and its parameters.
    expect(mapped.message).not.toMatch(/select|failed query|params/i);
    expect(mapped.message.length).toBeGreaterThan(20);
  });

  it('leaves a failure that is not the caller’s a 500', async () => {
    const failure = await failureOf(sql`select * from no_such_table`);
    expect(toTRPCError(failure).code).toBe('INTERNAL_SERVER_ERROR');
  });
});
