import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { count } from 'drizzle-orm';
import { pgSchema, serial, text } from 'drizzle-orm/pg-core';
import { generateDrizzleJson, generateMigration } from 'drizzle-kit/api';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase, type DatabaseHandle } from '../src/client';
import { applyMigrations, migrationsApplied, migrationsFolder } from '../src/migrate';
import * as schema from '../src/schema/index';
import { createThrowawayDatabase, testDatabaseUrl, type ThrowawayDatabase } from '../src/testing';

interface JournalEntry {
  idx: number;
  when: number;
  tag: string;
}

/**
 * The part of a drizzle-kit snapshot read here. drizzle-kit's own type for it
 * does not resolve outside drizzle-kit (its zod types are not installed), so
 * it would be `any`.
 */
interface Snapshot {
  id: string;
  prevId: string;
  tables: Record<string, { columns: Record<string, unknown> }>;
  enums: Record<string, unknown>;
}

const metaFolder = join(migrationsFolder, 'meta');
const journal = JSON.parse(readFileSync(join(metaFolder, '_journal.json'), 'utf8')) as { entries: JournalEntry[] };
const entries = journal.entries;

// drizzle-kit names a migration's snapshot after the tag's number: 0003_x → 0003_snapshot.json.
const snapshotFile = (entry: JournalEntry) => join(metaFolder, `${entry.tag.split('_')[0]}_snapshot.json`);
const readSnapshot = (entry: JournalEntry) => JSON.parse(readFileSync(snapshotFile(entry), 'utf8')) as Snapshot;

const ORIGIN_ID = '00000000-0000-0000-0000-000000000000';

describe('committed migrations', () => {
  it('has a journal entry for every .sql file and a .sql file for every entry, in order', () => {
    const sqlFiles = readdirSync(migrationsFolder)
      .filter((file) => file.endsWith('.sql'))
      .map((file) => file.slice(0, -'.sql'.length))
      .sort();
    expect(entries.map((entry) => entry.tag)).toEqual(sqlFiles);
    expect(entries.map((entry) => entry.idx)).toEqual(entries.map((_, index) => index));
    for (const entry of entries) expect(entry.tag.startsWith(`${String(entry.idx).padStart(4, '0')}_`)).toBe(true);
  });

  it('has journal timestamps that only increase', () => {
    // drizzle's migrator applies only migrations newer than the last one it
    // recorded, so an entry dated before its predecessor would be skipped silently.
    for (let i = 1; i < entries.length; i++) {
      const [previous, current] = [entries[i - 1], entries[i]];
      expect(current?.when, `${current?.tag} is dated before ${previous?.tag}`).toBeGreaterThan(previous?.when ?? Infinity);
    }
  });

  it('has one snapshot per migration, each chained to the one before', () => {
    const snapshotFiles = readdirSync(metaFolder).filter((file) => file.endsWith('_snapshot.json'));
    expect(snapshotFiles.sort()).toEqual(entries.map((entry) => snapshotFile(entry).slice(metaFolder.length + 1)));
    let previousId = ORIGIN_ID;
    for (const entry of entries) {
      expect(existsSync(snapshotFile(entry)), `${entry.tag} has no snapshot`).toBe(true);
      const snapshot = readSnapshot(entry);
      // Two branches that each generated a migration leave two snapshots with one parent.
      expect(snapshot.prevId, `${entry.tag}'s snapshot does not follow the previous one`).toBe(previousId);
      previousId = snapshot.id;
    }
  });

  it('match the schema: generating a migration now would produce nothing', async () => {
    const last = entries.at(-1);
    if (last === undefined) throw new Error('there are no committed migrations');
    const committed = readSnapshot(last);
    // Same settings as drizzle.config.ts.
    const current: Snapshot = generateDrizzleJson(schema, committed.id, undefined, 'snake_case');

    // Compare names first: with tables or columns both added and removed,
    // drizzle-kit would ask on a terminal whether it was a rename.
    const columnsOf = (snapshot: Snapshot) =>
      Object.entries(snapshot.tables)
        .flatMap(([table, definition]) => Object.keys(definition.columns).map((column) => `${table}.${column}`))
        .sort();
    const hint = 'the schema differs from the committed migrations: run `pnpm db:generate` and commit the result';
    expect(Object.keys(current.tables).sort(), hint).toEqual(Object.keys(committed.tables).sort());
    expect(columnsOf(current), hint).toEqual(columnsOf(committed));
    expect(Object.keys(current.enums).sort(), hint).toEqual(Object.keys(committed.enums).sort());

    expect(await generateMigration(committed, current), hint).toEqual([]);
  });
});

// The migrator's bookkeeping table, read here to count what was recorded.
const recordedMigrations = pgSchema('drizzle').table('__drizzle_migrations', { id: serial().primaryKey(), hash: text().notNull() });

async function recordedCount(handle: DatabaseHandle): Promise<number> {
  const [row] = await handle.db.select({ n: count() }).from(recordedMigrations);
  return row?.n ?? 0;
}

async function expectFullyMigrated(handle: DatabaseHandle): Promise<void> {
  expect(await migrationsApplied(handle)).toBe(true);
  expect(await recordedCount(handle)).toBe(entries.length);
  // The schema's tables are really there.
  expect(await handle.db.select({ n: count() }).from(schema.users)).toEqual([{ n: 0 }]);
}

describe('applyMigrations on PGlite', () => {
  it('migrates a fresh database, and running it again changes nothing', async () => {
    const handle = openDatabase({ kind: 'pglite', dataDir: null });
    try {
      expect(await migrationsApplied(handle)).toBe(false);
      await applyMigrations(handle);
      await expectFullyMigrated(handle);
      await applyMigrations(handle);
      await expectFullyMigrated(handle);
    } finally {
      await handle.close();
    }
  });
});

describe.skipIf(testDatabaseUrl === undefined)('applyMigrations on PostgreSQL', () => {
  const throwaways: ThrowawayDatabase[] = [];
  const handles: DatabaseHandle[] = [];
  const freshDatabase = async (): Promise<string> => {
    if (testDatabaseUrl === undefined) throw new Error('TEST_DATABASE_URL is not set');
    const throwaway = await createThrowawayDatabase(testDatabaseUrl);
    throwaways.push(throwaway);
    return throwaway.url;
  };
  const open = (url: string): DatabaseHandle => {
    const handle = openDatabase({ kind: 'postgres', url, poolSize: 2 });
    handles.push(handle);
    return handle;
  };
  afterEach(async () => {
    await Promise.all(handles.splice(0).map((handle) => handle.close()));
    await Promise.all(throwaways.splice(0).map((throwaway) => throwaway.drop()));
  });

  it('migrates a fresh database, and running it again changes nothing', async () => {
    const handle = open(await freshDatabase());
    expect(await migrationsApplied(handle)).toBe(false);
    await applyMigrations(handle);
    await expectFullyMigrated(handle);
    await applyMigrations(handle);
    await expectFullyMigrated(handle);
  });

  it('lets several instances migrate the same fresh database at once', async () => {
    const url = await freshDatabase();
    // Instances starting together: without the advisory lock they race to
    // create the same schema, tables and bookkeeping rows.
    const instances = Array.from({ length: 4 }, () => open(url));
    const results = await Promise.allSettled(instances.map((handle) => applyMigrations(handle)));
    expect(results.map((result) => result.status)).toEqual(instances.map(() => 'fulfilled'));
    for (const handle of instances) await expectFullyMigrated(handle);
  });
});
