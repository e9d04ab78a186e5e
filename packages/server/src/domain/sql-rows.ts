import type { Executor, SQL } from '@rapport/db';
import type { z } from 'zod';

/**
 * Runs a hand-written query and validates its rows. For the few queries (CTEs,
 * aggregates) that the query builder cannot express; the schema turns the
 * drivers' untyped rows into checked ones instead of a cast.
 */
export async function selectRows<T extends z.ZodType>(db: Executor, query: SQL, row: T): Promise<z.infer<T>[]> {
  const result: unknown = await db.execute(query);
  // postgres.js returns the rows as an array; PGlite wraps them in { rows }.
  const rows = Array.isArray(result) ? result : isRowsResult(result) ? result.rows : [];
  return rows.map((r: unknown) => row.parse(r));
}

function isRowsResult(value: unknown): value is { rows: unknown[] } {
  return typeof value === 'object' && value !== null && 'rows' in value && Array.isArray(value.rows);
}

/**
 * A timestamp column as the API writes instants (ISO 8601 in UTC, to the
 * millisecond), for JSON built in SQL: the same text a Date's toISOString gives.
 */
export const isoText = (column: string) => `to_char(${column} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;
