import postgres from 'postgres';
import { startRapportServer } from './children';
import { createThrowawayDatabase } from '@rapport/db/testing';
import { analyze, serverEnv } from './database';
import { closedLoop } from './load';
import { sdkSends } from './send';
import { sleep } from './stats';
import { signUpUsers } from './users';

// `tsx bench/db-work.ts`: what one chat.send costs PostgreSQL, from its
// statistics views (transactions, index and sequential scans, rows written
// per table), over 8 s of 16 concurrent senders. Not part of `pnpm bench`.

const ADMIN_URL = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const TABLE_COUNTERS = ['seq_scan', 'seq_tup_read', 'idx_scan', 'idx_tup_fetch', 'n_tup_ins', 'n_tup_upd', 'n_tup_del'] as const;
const DATABASE_COUNTERS = ['xact_commit', 'xact_rollback', 'tup_returned', 'tup_fetched', 'blks_hit'] as const;

type Counters = Map<string, number>;

async function counters(sql: postgres.Sql): Promise<Counters> {
  const out: Counters = new Map();
  for (const row of await sql`select * from pg_stat_user_tables`) {
    for (const name of TABLE_COUNTERS) out.set(`${String(row.relname)}.${name}`, Number(row[name]));
  }
  const [database] = await sql`select * from pg_stat_database where datname = current_database()`;
  for (const name of DATABASE_COUNTERS) out.set(`database.${name}`, Number(database?.[name] ?? 0));
  return out;
}

const database = await createThrowawayDatabase(ADMIN_URL, 'rapport_bench');
const server = await startRapportServer(serverEnv(database.url));
const sql = postgres(database.url, { max: 1, onnotice: () => undefined });
try {
  const users = await signUpUsers(server.url, 32);
  const senders = await Promise.all(
    users.slice(0, 16).map(async (user, i) => ({
      user,
      conversationId: (await user.api.chat.openDirect.mutate({ userId: users[16 + i]?.id ?? '' })).id,
    })),
  );
  const sends = sdkSends('direct', senders);
  await closedLoop(16, { warmupMs: 2000, measureMs: 0 }, sends.operation);
  await analyze(database.url);
  // Backends report their statistics at most once a second.
  await sleep(1500);
  const before = await counters(sql);
  const tally = await closedLoop(16, { warmupMs: 0, measureMs: 8000 }, sends.operation);
  await sleep(1500);
  const after = await counters(sql);
  console.log(`${tally.completed} sends in 8 s; per send:`);
  for (const [key, value] of after) {
    const perSend = (value - (before.get(key) ?? 0)) / Math.max(1, tally.completed);
    if (Math.abs(perSend) >= 0.005) console.log(`  ${key.padEnd(36)} ${perSend.toFixed(2)}`);
  }
} finally {
  await sql.end({ timeout: 5 });
  await server.stop();
  await database.drop();
}
