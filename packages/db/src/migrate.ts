import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { count } from 'drizzle-orm';
import { pgSchema, serial, text } from 'drizzle-orm/pg-core';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import { drizzle as drizzlePostgres } from 'drizzle-orm/postgres-js';
import { migrate as migratePostgres } from 'drizzle-orm/postgres-js/migrator';
import postgres from 'postgres';
import type { DatabaseHandle } from './client';

export const migrationsFolder = fileURLToPath(new URL('../migrations', import.meta.url));

// Any constant works; it only has to be the same for every instance so that
// two servers starting together do not both apply the same migration.
const MIGRATION_LOCK_KEY = 7_242_001;

export async function applyMigrations(handle: DatabaseHandle): Promise<void> {
  if (handle.kind === 'pglite') {
    // PGlite is one in-process connection; nothing else can race us here.
    await migratePglite(handle.embedded, { migrationsFolder });
    return;
  }
  const client = postgres(handle.target.url, { max: 1, onnotice: () => undefined });
  try {
    await client`select pg_advisory_lock(${MIGRATION_LOCK_KEY})`;
    await migratePostgres(drizzlePostgres(client), { migrationsFolder });
    await client`select pg_advisory_unlock(${MIGRATION_LOCK_KEY})`;
  } finally {
    await client.end({ timeout: 5 });
  }
}

// The bookkeeping table drizzle's migrator writes; declared here, outside the
// schema folder, so drizzle-kit never tries to manage it.
const appliedMigrations = pgSchema('drizzle').table('__drizzle_migrations', {
  id: serial().primaryKey(),
  hash: text().notNull(),
});

interface Journal {
  entries: { tag: string }[];
}

export function committedMigrationCount(): number {
  const journal = JSON.parse(readFileSync(`${migrationsFolder}/meta/_journal.json`, 'utf8')) as Journal;
  return journal.entries.length;
}

const PG_UNDEFINED_TABLE = '42P01';

/** True when the database has every committed migration applied. */
export async function migrationsApplied(handle: DatabaseHandle): Promise<boolean> {
  try {
    const [row] = await handle.db.select({ applied: count() }).from(appliedMigrations);
    return (row?.applied ?? 0) >= committedMigrationCount();
  } catch (error) {
    // A database no migration has ever touched has no bookkeeping table yet:
    // that is "not migrated", not "unreachable".
    if (pgErrorCode(error) === PG_UNDEFINED_TABLE) return false;
    throw error;
  }
}

// drizzle wraps driver errors; the SQLSTATE is on the error or on its cause.
function pgErrorCode(error: unknown): string | undefined {
  for (let current = error; current instanceof Error; current = current.cause) {
    if ('code' in current && typeof current.code === 'string') return current.code;
  }
  return undefined;
}
