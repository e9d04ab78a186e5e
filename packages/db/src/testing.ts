import { randomUUID } from 'node:crypto';
import postgres from 'postgres';
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql, type SQL } from 'drizzle-orm';
import { openDatabase, type Database, type DatabaseHandle, type OpenOptions } from './client';
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
export async function openTestDatabase(poolSize = 10, options: OpenOptions = {}): Promise<TestDatabase> {
  if (testDatabaseUrl === undefined) {
    const handle = openDatabase({ kind: 'pglite', dataDir: null, snapshot: await migratedSnapshot() }, options);
    return { handle, url: undefined, dispose: () => handle.close() };
  }
  const throwaway = await createThrowawayDatabase(testDatabaseUrl);
  const handle = openDatabase({ kind: 'postgres', url: throwaway.url, poolSize }, options);
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

/** A raw query's rows, unchecked, for tests: postgres.js returns them as an array, PGlite wraps them in { rows }. */
export async function selectAll<T>(db: Database, query: SQL): Promise<T[]> {
  const result: unknown = await db.execute(query);
  if (Array.isArray(result)) return result as T[];
  return (result as { rows: T[] }).rows;
}

export interface CountsRow {
  user_id: string;
  followers: number;
  following: number;
  friends: number;
  pending_received: number;
  pending_sent: number;
  blocked: number;
}

/**
 * Every user's connection counts twice, in user order: as connection_counts
 * holds them, and counted afresh from the connections rows. Tests compare
 * the two: the kept counts must never drift from the rows.
 */
export async function connectionCountsBothWays(db: Database): Promise<{ kept: CountsRow[]; counted: CountsRow[] }> {
  const kept = await selectAll<CountsRow>(
    db,
    sql`select u.id::text as user_id, coalesce(c.followers, 0) as followers, coalesce(c.following, 0) as following,
      coalesce(c.friends, 0) as friends, coalesce(c.pending_received, 0) as pending_received,
      coalesce(c.pending_sent, 0) as pending_sent, coalesce(c.blocked, 0) as blocked
    from users u left join connection_counts c on c.user_id = u.id order by u.id`,
  );
  const counted = await selectAll<CountsRow>(
    db,
    sql`select u.id::text as user_id,
      (select count(*) from connections where type = 'follow' and addressee_id = u.id)::int as followers,
      (select count(*) from connections where type = 'follow' and requester_id = u.id)::int as following,
      (select count(*) from connections where type = 'friend' and status = 'accepted' and u.id in (requester_id, addressee_id))::int as friends,
      (select count(*) from connections where type = 'friend' and status = 'pending' and addressee_id = u.id)::int as pending_received,
      (select count(*) from connections where type = 'friend' and status = 'pending' and requester_id = u.id)::int as pending_sent,
      (select count(*) from connections where type = 'block' and requester_id = u.id)::int as blocked
    from users u order by u.id`,
  );
  return { kept, counted };
}
