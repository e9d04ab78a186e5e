import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { AppError } from '../src/errors';
import { decodeCursor, encodeCursor, timeIdCursor, toPage } from '../src/pagination';

function badRequestOf(run: () => unknown): AppError {
  try {
    run();
  } catch (error) {
    if (error instanceof AppError) return error;
    throw error;
  }
  throw new Error('expected an AppError');
}

describe('page cursors', () => {
  it('decode to the position they were encoded from', () => {
    const position: [string, string] = [new Date('2025-01-02T03:04:05.678Z').toISOString(), randomUUID()];
    const cursor = encodeCursor(position);
    expect(cursor).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(decodeCursor(cursor, timeIdCursor)).toEqual(position);
  });

  it('hold every timestamp from 1970 to the end of 9999', () => {
    for (const at of ['1970-01-01T00:00:00.000Z', '9999-12-31T23:59:59.999Z']) {
      const position: [string, string] = [at, randomUUID()];
      expect(decodeCursor(encodeCursor(position), timeIdCursor)).toEqual(position);
    }
  });

  it('round-trip any strings, including ones that need escaping', () => {
    const position = ['naïve "quoted" \\ name', '', '😀'];
    expect(decodeCursor(encodeCursor(position), z.array(z.string()))).toEqual(position);
  });

  it.each([
    ['garbage', '!!!not base64!!!'],
    ['base64 of something that is not JSON', Buffer.from('not json').toString('base64url')],
    ['JSON of the wrong shape', encodeCursor(['2025-01-02T03:04:05.678Z'])],
    ['a position that is not a timestamp and a uuid', encodeCursor(['yesterday', 'someone'])],
    ['an empty string', ''],
    ['a timestamp at year 0000, which PostgreSQL cannot hold', encodeCursor(['0000-01-01T00:00:00Z', randomUUID()])],
    ['a timestamp before 1970', encodeCursor(['1969-12-31T23:59:59.999Z', randomUUID()])],
    ['a timestamp past 9999 written with six digits', encodeCursor(['+010000-01-01T00:00:00.000Z', randomUUID()])],
  ])('are refused as BAD_REQUEST when given %s', (_what, cursor) => {
    const error = badRequestOf(() => decodeCursor(cursor, timeIdCursor));
    expect(error.code).toBe('BAD_REQUEST');
    expect(error.message).toMatch(/cursor/i);
  });
});

describe('toPage', () => {
  const rows = [1, 2, 3, 4, 5].map((n) => ({ n, id: `id-${n}` }));
  const position = (row: { n: number; id: string }) => [String(row.n), row.id];
  const view = (row: { n: number }) => row.n;

  it('keeps `limit` items and points the cursor at the last one kept when a row more was fetched', () => {
    const page = toPage(rows.slice(0, 4), 3, position, view);
    expect(page.items).toEqual([1, 2, 3]);
    expect(page.nextCursor).not.toBeNull();
    expect(decodeCursor(page.nextCursor ?? '', z.array(z.string()))).toEqual(['3', 'id-3']);
  });

  it('ends with a null cursor when no extra row came back', () => {
    expect(toPage(rows.slice(0, 3), 3, position, view)).toEqual({ items: [1, 2, 3], nextCursor: null });
    expect(toPage([], 3, position, view)).toEqual({ items: [], nextCursor: null });
  });
});
