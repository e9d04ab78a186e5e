import { readFileSync } from 'node:fs';
import { createThrowawayDatabase, type ThrowawayDatabase } from '@rapport/db/testing';
import { timeRead, type Pair } from './measure';
import { plansOf, statementsOf } from './plans';
import { READS } from './reads';
import { describePlans, explainSlowRead, met, resultsTable, seqScans, type Result } from './report';
import { big, SMALL } from './scales';
import { openWorld, type World } from './world';

// `pnpm bench:scale`: every read on a small and a big database, to show
// whether its cost follows what it returns or what the database holds.
// See docs/BENCHMARKS.md, "Reads at scale".

const ADMIN_URL = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const MESSAGES = Number(process.env.BENCH_SCALE_MESSAGES ?? 10_000_000);
const CALLS = Number(process.env.BENCH_SCALE_CALLS ?? 200);
const WARMUP = 20;
// Keeps the big database (and prints its URL) for looking into a slow read by hand.
const KEEP = process.env.BENCH_SCALE_KEEP === '1';

const began = performance.now();
const seconds = () => ((performance.now() - began) / 1000).toFixed(0);
const progress = (text: string) => process.stderr.write(`[${seconds().padStart(4)} s] ${text}\n`);
const loadAverage = () => readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');
const loadAtStart = loadAverage();

const closers: (() => Promise<void>)[] = [];
const deferClose = (close: () => Promise<void>) => closers.push(close);
const databases: { small: ThrowawayDatabase | null; big: ThrowawayDatabase | null } = { small: null, big: null };

try {
  databases.small = await createThrowawayDatabase(ADMIN_URL, 'rapport_scale_small');
  databases.big = await createThrowawayDatabase(ADMIN_URL, 'rapport_scale_big');
  // Small first: a seed that is wrong fails there in seconds, not after the big one's minutes.
  const worlds: Pair<World> = {
    small: await openWorld(databases.small, SMALL, deferClose, progress),
    big: await openWorld(databases.big, big(MESSAGES), deferClose, progress),
  };
  const results: Result[] = [];
  for (const read of READS) {
    progress(`${read.name}: ${WARMUP} warm-up and ${CALLS} timed calls on each database`);
    await read.verify(worlds.small);
    await read.verify(worlds.big);
    const timing = await timeRead(read, worlds, { warmup: WARMUP, calls: CALLS });
    const plans = {
      small: await plansOf(worlds.small, await statementsOf(worlds.small, () => read.call(worlds.small))),
      big: await plansOf(worlds.big, await statementsOf(worlds.big, () => read.call(worlds.big))),
    };
    results.push({ read, timing, plans });
  }

  console.log(
    `\nRapport reads at scale — ${new Date().toISOString()}, node ${process.version}, ${CALLS} calls per read per database after ${WARMUP} warm-up calls, ` +
      `took ${seconds()} s, load average ${loadAtStart} at start, ${loadAverage()} at end\n`,
  );
  console.log(resultsTable(results, worlds));
  console.log('\nSeeding (straight SQL; the actors signed up through the SDK first):');
  for (const world of [worlds.small, worlds.big]) {
    const steps = world.seed.steps.map(([name, s]) => `${name} ${s.toFixed(1)} s`).join(', ');
    console.log(`- ${world.scale.name}: ${world.seed.seconds.toFixed(1)} s (${steps})`);
  }
  console.log('\nPlans of one call\'s statements: the indexes read, and any sequential scan of a big table, in the plan for its parameters and in the generic one where the server runs that:');
  for (const { read, plans } of results) {
    console.log(`- ${read.name}\n  - big: ${describePlans(plans.big)}\n  - small: ${describePlans(plans.small)}`);
  }
  const slow = results.filter((r) => !met(r) || r.plans.big.some((p) => seqScans(p).length > 0));
  for (const { read, plans } of slow) {
    console.log(`\nEXPLAIN (ANALYZE, BUFFERS) on the big database, ${read.name}:\n\n${await explainSlowRead(worlds.big, plans.big)}`);
  }
} finally {
  for (const close of closers.reverse()) await close().catch((error: unknown) => progress(`closing: ${String(error)}`));
  await databases.small?.drop();
  if (KEEP && databases.big !== null) progress(`kept the big database: ${databases.big.url}`);
  else await databases.big?.drop();
}
progress(`done in ${seconds()} s`);
// A kept database's admin connection is still open, and would keep the process alive.
if (KEEP) process.exit(0);
