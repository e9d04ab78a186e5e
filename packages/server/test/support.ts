import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase, sql, type DatabaseHandle } from '@rapport/db';

export const TEST_SECRET = 'test-secret-that-is-long-enough-for-hs256-signing';

/** The PostgreSQL server the suite may create databases on, when there is one. */
export const testDatabaseUrl = process.env.TEST_DATABASE_URL;

export function tempDir(): { path: string; remove(): void } {
  const path = mkdtempSync(join(tmpdir(), 'rapport-server-test-'));
  return { path, remove: () => rmSync(path, { recursive: true, force: true }) };
}

export interface ThrowawayDatabase {
  url: string;
  drop(): Promise<void>;
}

/** A new, empty database on the TEST_DATABASE_URL server; `drop()` removes it. */
export async function createThrowawayDatabase(adminUrl: string): Promise<ThrowawayDatabase> {
  const name = `rapport_t_${randomUUID().replaceAll('-', '').slice(0, 16)}`;
  const admin = openDatabase({ kind: 'postgres', url: adminUrl, poolSize: 1 });
  await admin.db.execute(sql.raw(`create database ${name}`));
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    async drop() {
      try {
        await admin.db.execute(sql.raw(`drop database if exists ${name} with (force)`));
      } finally {
        await admin.close();
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
export async function openTestDatabase(): Promise<TestDatabase> {
  if (testDatabaseUrl === undefined) {
    const handle = openDatabase({ kind: 'pglite', dataDir: null });
    return { handle, url: undefined, dispose: () => handle.close() };
  }
  const throwaway = await createThrowawayDatabase(testDatabaseUrl);
  const handle = openDatabase({ kind: 'postgres', url: throwaway.url, poolSize: 4 });
  return {
    handle,
    url: throwaway.url,
    async dispose() {
      await handle.close();
      await throwaway.drop();
    },
  };
}

/** A TCP port nothing listens on right now, for a child process that must be told one. */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (address === null || typeof address === 'string') throw new Error('no TCP address');
  return address.port;
}
