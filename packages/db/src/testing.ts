import { randomUUID } from 'node:crypto';
import postgres from 'postgres';
import { openDatabase, type DatabaseHandle } from './client';

// Test support shared by every package's tests: the same suite runs on
// in-memory PGlite by default and on a real PostgreSQL server when
// TEST_DATABASE_URL names one the tests may create databases on.

/** The PostgreSQL server the suite may create databases on, when there is one. */
export const testDatabaseUrl = process.env.TEST_DATABASE_URL;

export interface ThrowawayDatabase {
  url: string;
  drop(): Promise<void>;
}

/** A new, empty database on the given server; `drop()` removes it. */
export async function createThrowawayDatabase(adminUrl: string): Promise<ThrowawayDatabase> {
  const name = `rapport_t_${randomUUID().replaceAll('-', '').slice(0, 16)}`;
  const admin = postgres(adminUrl, { max: 1, onnotice: () => undefined });
  await admin.unsafe(`create database ${name}`);
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
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
    const handle = openDatabase({ kind: 'pglite', dataDir: null });
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
