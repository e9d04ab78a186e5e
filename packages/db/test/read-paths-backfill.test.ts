import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql, type SQL } from 'drizzle-orm';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import { drizzle as drizzlePostgres } from 'drizzle-orm/postgres-js';
import { migrate as migratePostgres } from 'drizzle-orm/postgres-js/migrator';
import postgres from 'postgres';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase, type DatabaseHandle } from '../src/client';
import { applyMigrations, migrationsFolder } from '../src/migrate';
import { connectionCountsBothWays, createThrowawayDatabase, selectAll, testDatabaseUrl, type ThrowawayDatabase } from '../src/testing';

// Migration 0004_read_paths adds counts and a per-member activity time that
// existing rows must get too: it backfills them. This runs it on a database
// that already holds data written under the schema before it.

const BEFORE = '0004_read_paths';

/** A copy of the migrations folder holding only those before `tag`. */
function migrationsBefore(tag: string): string {
  const folder = mkdtempSync(join(tmpdir(), 'rapport-migrations-'));
  cpSync(migrationsFolder, folder, { recursive: true });
  const journalFile = join(folder, 'meta', '_journal.json');
  const journal = JSON.parse(readFileSync(journalFile, 'utf8')) as { entries: { tag: string }[] };
  const at = journal.entries.findIndex((entry) => entry.tag === tag);
  if (at < 0) throw new Error(`no migration ${tag}`);
  writeFileSync(journalFile, JSON.stringify({ ...journal, entries: journal.entries.slice(0, at) }));
  return folder;
}

async function migrateBefore(handle: DatabaseHandle, tag: string): Promise<void> {
  const folder = migrationsBefore(tag);
  try {
    if (handle.kind === 'pglite') {
      await migratePglite(handle.embedded, { migrationsFolder: folder });
      return;
    }
    const client = postgres(handle.target.url, { max: 1, onnotice: () => undefined });
    try {
      await migratePostgres(drizzlePostgres(client), { migrationsFolder: folder });
    } finally {
      await client.end({ timeout: 5 });
    }
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}

const list = <T,>(handle: DatabaseHandle, query: SQL) => selectAll<T>(handle.db, query);

/**
 * Twelve users and a graph with every kind and state of row: follows both
 * ways, friendships accepted, pending and declined, blocks; and three
 * conversations whose activity times differ from their members' join times.
 */
async function seedOldSchema(handle: DatabaseHandle): Promise<void> {
  await handle.db.execute(sql`
    insert into users (id, email, password_hash, name)
    select ('00000000-0000-0000-0000-0000000000' || lpad(n::text, 2, '0'))::uuid, 'u' || n || '@example.com', 'x', 'User ' || n
    from generate_series(1, 12) n`);
  const u = (n: number) => `00000000-0000-0000-0000-0000000000${String(n).padStart(2, '0')}`;
  const edges: [number, number, string, string][] = [
    [2, 1, 'follow', 'accepted'],
    [3, 1, 'follow', 'accepted'],
    [4, 1, 'follow', 'accepted'],
    [1, 2, 'follow', 'accepted'],
    [1, 5, 'friend', 'accepted'],
    [6, 1, 'friend', 'accepted'],
    [7, 1, 'friend', 'pending'],
    [1, 8, 'friend', 'pending'],
    [9, 1, 'friend', 'rejected'],
    [1, 10, 'block', 'accepted'],
    [11, 1, 'block', 'accepted'],
    [5, 6, 'friend', 'accepted'],
    [12, 5, 'follow', 'accepted'],
  ];
  for (const [from, to, type, status] of edges) {
    await handle.db.execute(sql`
      insert into connections (requester_id, addressee_id, type, status)
      values (${u(from)}::uuid, ${u(to)}::uuid, ${type}::connection_type, ${status}::connection_status)`);
  }
  await handle.db.execute(sql`
    insert into conversations (id, kind, created_by, member_count, last_activity_at)
    select ('10000000-0000-0000-0000-00000000000' || n)::uuid, 'group', ${u(1)}::uuid, 3, now() - (n || ' hours')::interval
    from generate_series(1, 3) n`);
  await handle.db.execute(sql`
    insert into conversation_members (conversation_id, user_id, role, joined_at)
    select c.id, m.user_id, case when m.user_id = ${u(1)}::uuid then 'owner' else 'member' end::member_role, now() - interval '3 days'
    from conversations c cross join (values (${u(1)}::uuid), (${u(2)}::uuid), (${u(3)}::uuid)) m(user_id)`);
}

async function expectBackfilled(handle: DatabaseHandle): Promise<void> {
  const { kept: stored, counted } = await connectionCountsBothWays(handle.db);
  expect(stored).toEqual(counted);
  // User 1, worked out by hand: followed by 2, 3, 4; follows 2; friends with 5 and 6;
  // 7 asked them, they asked 8; they blocked 10 (11's block of them is 11's).
  expect(stored[0]).toEqual({
    user_id: '00000000-0000-0000-0000-000000000001',
    followers: 3,
    following: 1,
    friends: 2,
    pending_received: 1,
    pending_sent: 1,
    blocked: 1,
  });
  const drift = await list<{ n: number }>(
    handle,
    sql`select count(*)::int as n from conversation_members cm join conversations c on c.id = cm.conversation_id
      where cm.last_activity_at <> c.last_activity_at`,
  );
  expect(drift).toEqual([{ n: 0 }]);
  const members = await list<{ n: number }>(handle, sql`select count(*)::int as n from conversation_members`);
  expect(members).toEqual([{ n: 9 }]);
}

async function expectTriggerKeepsCounting(handle: DatabaseHandle): Promise<void> {
  // After the backfill the trigger takes over from the counts it left.
  await handle.db.execute(sql`
    insert into connections (requester_id, addressee_id, type, status)
    values ('00000000-0000-0000-0000-000000000012', '00000000-0000-0000-0000-000000000001', 'follow', 'accepted')`);
  await handle.db.execute(sql`
    update connections set status = 'accepted'
    where requester_id = '00000000-0000-0000-0000-000000000007' and addressee_id = '00000000-0000-0000-0000-000000000001'`);
  await handle.db.execute(sql`
    delete from connections
    where requester_id = '00000000-0000-0000-0000-000000000002' and addressee_id = '00000000-0000-0000-0000-000000000001'`);
  const [one] = await list<Record<string, number>>(
    handle,
    sql`select followers, following, friends, pending_received, pending_sent, blocked from connection_counts
      where user_id = '00000000-0000-0000-0000-000000000001'`,
  );
  expect(one).toEqual({ followers: 3, following: 1, friends: 3, pending_received: 0, pending_sent: 1, blocked: 1 });
}

describe('migration 0004_read_paths on a database that already holds data', () => {
  const throwaways: ThrowawayDatabase[] = [];
  const handles: DatabaseHandle[] = [];
  afterEach(async () => {
    await Promise.all(handles.splice(0).map((handle) => handle.close()));
    await Promise.all(throwaways.splice(0).map((throwaway) => throwaway.drop()));
  });

  async function freshHandle(): Promise<DatabaseHandle> {
    if (testDatabaseUrl === undefined) {
      const handle = openDatabase({ kind: 'pglite', dataDir: null });
      handles.push(handle);
      return handle;
    }
    const throwaway = await createThrowawayDatabase(testDatabaseUrl);
    throwaways.push(throwaway);
    const handle = openDatabase({ kind: 'postgres', url: throwaway.url, poolSize: 2 });
    handles.push(handle);
    return handle;
  }

  it('counts every existing connection and gives members their conversation’s activity time', async () => {
    const handle = await freshHandle();
    await migrateBefore(handle, BEFORE);
    await seedOldSchema(handle);
    await applyMigrations(handle);
    await expectBackfilled(handle);
    await expectTriggerKeepsCounting(handle);
  });
});
