import { randomUUID } from 'node:crypto';
import postgres from 'postgres';
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase, type DatabaseHandle } from './client';
import { applyMigrations, migrationsFolder } from './migrate';

// Test support shared by every package's tests: the same suite runs on
// in-memory PGlite by default and on a real PostgreSQL server when
// TEST_DATABASE_URL names one the tests may create databases on.

/** The PostgreSQL server the suite may create databases on, when there is one. */
export const testDatabaseUrl = process.env.TEST_DATABASE_URL;

export interface ThrowawayDatabase {
  url: string;
  name: string;
  drop(): Promise<void>;
}

/** A new, empty database on the given server, named `<prefix>_<random>`; `drop()` removes it. */
export async function createThrowawayDatabase(adminUrl: string, prefix = 'rapport_t'): Promise<ThrowawayDatabase> {
  const name = `${prefix}_${randomUUID().replaceAll('-', '').slice(0, 16)}`;
  const admin = postgres(adminUrl, { max: 1, onnotice: () => undefined });
  await admin.unsafe(`create database ${name}`);
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    name,
    async drop() {
      try {
        await admin.unsafe(`drop database if exists ${name} with (force)`);
      } finally {
        await admin.end({ timeout: 5 });
      }
    },
  };
}

export interface TestDatabase {
  handle: DatabaseHandle;
  /** Set on PostgreSQL: what DATABASE_URL must be for a server on this database. */
  url: string | undefined;
  dispose(): Promise<void>;
}

/** In-memory PGlite, or a throwaway PostgreSQL database when TEST_DATABASE_URL is set. */
export async function openTestDatabase(poolSize = 10): Promise<TestDatabase> {
  if (testDatabaseUrl === undefined) {
    const handle = openDatabase({ kind: 'pglite', dataDir: null, snapshot: await migratedSnapshot() });
    return { handle, url: undefined, dispose: () => handle.close() };
  }
  const throwaway = await createThrowawayDatabase(testDatabaseUrl);
  const handle = openDatabase({ kind: 'postgres', url: throwaway.url, poolSize });
  return {
    handle,
    url: throwaway.url,
    async dispose() {
      await handle.close();
      await throwaway.drop();
    },
  };
}

/**
 * A migrated, empty PGlite data directory, built once per set of migrations
 * and kept in the temp directory: migrating a fresh PGlite takes seconds,
 * loading this takes a fraction of that, and every test file starts a server.
 * The name carries a hash of the migrations, so a changed migration builds a
 * new one. The server still runs applyMigrations on it, which finds nothing to do.
 */
async function migratedSnapshot(): Promise<Blob> {
  const path = join(tmpdir(), `rapport-pglite-${migrationsHash()}.tar`);
  try {
    return new Blob([readFileSync(path)]);
  } catch {
    const fresh = openDatabase({ kind: 'pglite', dataDir: null });
    if (fresh.kind !== 'pglite') throw new Error('expected PGlite');
    await applyMigrations(fresh);
    const dump = await fresh.dump();
    await fresh.close();
    // Written aside and renamed: test files building it at once never read half a file.
    const partial = `${path}.${randomUUID()}`;
    writeFileSync(partial, Buffer.from(await dump.arrayBuffer()));
    renameSync(partial, path);
    return dump;
  }
}

function migrationsHash(): string {
  const hash = createHash('sha256');
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const full = join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else hash.update(entry.name).update(readFileSync(full));
    }
  };
  walk(migrationsFolder);
  return hash.digest('hex').slice(0, 16);
}
