import { sql, type SQL, type SQLWrapper } from '@rapport/db';
import { z } from 'zod';
import { AppError } from './errors';
import { LIMITS } from './limits';
import { instantInput } from './schemas/dates';

export const DEFAULT_PAGE_SIZE = 20;

const INVALID_CURSOR = 'That page cursor is not valid. Start again from the first page.';

/**
 * The one page request every list takes. The cursor is checked against the
 * list's position shape with the rest of the input, so a bad one is reported
 * in fieldErrors like any other field.
 */
export const pageInput = (position: z.ZodType) => ({
  cursor: z
    .string()
    .max(500)
    .refine((cursor) => readCursor(cursor, position).success, INVALID_CURSOR)
    .optional(),
  limit: z.number().int().min(1).max(LIMITS.pageSize).default(DEFAULT_PAGE_SIZE),
});

export const pageOutput = <T extends z.ZodType>(item: T) => z.object({ items: z.array(item), nextCursor: z.string().nullable() });

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

/**
 * Cursors are the keyset position of the last item, opaque to clients:
 * base64url of a JSON array of strings.
 */
export function encodeCursor(position: string[]): string {
  return Buffer.from(JSON.stringify(position)).toString('base64url');
}

function readCursor<T extends z.ZodType>(cursor: string, shape: T) {
  let raw: unknown;
  try {
    raw = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    raw = undefined;
  }
  return shape.safeParse(raw);
}

export function decodeCursor<T extends z.ZodType>(cursor: string, shape: T): z.infer<T> {
  const parsed = readCursor(cursor, shape);
  if (!parsed.success) throw new AppError('BAD_REQUEST', INVALID_CURSOR);
  return parsed.data;
}

/**
 * The usual position: a timestamp and the row id that breaks ties. The
 * timestamp is bounded like every date input, so a forged cursor is a field
 * error rather than a date the database cannot hold.
 */
export const timeIdCursor = z.tuple([instantInput, z.uuid()]);

/**
 * Rows strictly past a keyset position in the given order, as one row
 * comparison so the composite index serves it.
 */
export function pastPosition(columns: [SQLWrapper, SQLWrapper], position: [unknown, unknown], order: 'asc' | 'desc'): SQL {
  const [a, b] = columns;
  return order === 'desc' ? sql`(${a}, ${b}) < (${position[0]}, ${position[1]})` : sql`(${a}, ${b}) > (${position[0]}, ${position[1]})`;
}

/**
 * Builds a page from rows fetched with limit + 1: the extra row only says
 * whether another page exists.
 */
export function toPage<R, T>(rows: R[], limit: number, position: (row: R) => string[], view: (row: R) => T): Page<T> {
  const more = rows.length > limit;
  const kept = more ? rows.slice(0, limit) : rows;
  const last = kept[kept.length - 1];
  return { items: kept.map(view), nextCursor: more && last !== undefined ? encodeCursor(position(last)) : null };
}
