import type { Latency } from '../stats';
import { ms, ratio } from '../stats';
import { markdownTable } from './markdown';
import type { Pair } from './measure';
import { explainAnalyze, type StatementPlan } from './plans';
import type { Read } from './reads';
import type { World } from './world';

export const RATIO_TARGET = 2;
// Statements faster than this in a slow read are not what makes it slow: their plans are left out.
const SLOW_STATEMENT_MS = 1;

export interface Result {
  read: Read;
  timing: Pair<Latency>;
  plans: Pair<StatementPlan[]>;
}

export function met({ read, timing }: Result): boolean {
  if (read.p50AtMostMs !== null) return timing.big.p50 <= read.p50AtMostMs;
  return timing.big.p50 / timing.small.p50 <= RATIO_TARGET && timing.big.p99 / timing.small.p99 <= RATIO_TARGET;
}

/** Sequential scans of big tables, in the plan for the call's parameters and in the generic one when the server runs that. */
export function seqScans(plan: StatementPlan): string[] {
  return [...plan.seqScans, ...(plan.generic?.seqScans ?? []).map((s) => `${s} (generic plan)`)];
}

/** "a ×3, b": each distinct entry once, with how often it came up. */
function tally(items: string[]): string {
  const counts = new Map<string, number>();
  for (const item of items) counts.set(item, (counts.get(item) ?? 0) + 1);
  return [...counts].map(([item, n]) => (n > 1 ? `${item} ×${n}` : item)).join(', ');
}

const squash = (query: string) => query.replace(/\s+/g, ' ').trim();

export function resultsTable(results: Result[], worlds: Pair<World>): string {
  return markdownTable(
    ['read', 'big case', 'small case', 'p50 big', 'p50 small', 'p50 ratio', 'p99 big', 'p99 small', 'p99 ratio', 'index?', 'target'],
    results.map((result) => {
      const { read, timing, plans } = result;
      const scans = plans.big.flatMap(seqScans);
      const target = read.p50AtMostMs !== null ? `p50 ≤ ${read.p50AtMostMs} ms` : `ratios ≤ ${RATIO_TARGET}`;
      return [
        read.name,
        read.over(worlds.big.scale),
        read.over(worlds.small.scale),
        ms(timing.big.p50),
        ms(timing.small.p50),
        ratio(timing.big.p50 / timing.small.p50),
        ms(timing.big.p99),
        ms(timing.small.p99),
        ratio(timing.big.p99 / timing.small.p99),
        scans.length === 0 ? 'yes' : `NO: ${tally(scans)}`,
        `${target}: ${met(result) ? 'met' : 'NOT met'}`,
      ];
    }),
  );
}

/** One line per statement: the indexes it reads, any sequential scan of a big table, and how the server plans it. */
export function describePlans(plans: StatementPlan[]): string {
  return plans
    .map((p, i) => {
      const generic = p.generic === null ? 'not seen prepared' : `generic plan in ${p.generic.runs} of ${p.generic.of} runs`;
      const scans = seqScans(p);
      return `[${i + 1}] ${p.indexes.join(', ') || 'no index'}${scans.length > 0 ? `; ${tally(scans)}` : ''} (${generic}): ${squash(p.query).slice(0, 100)}…`;
    })
    .join('\n    ');
}

/**
 * EXPLAIN (ANALYZE, BUFFERS) of a read's statements on the big database:
 * the generic plan as the server runs it, when it does, and the plan for
 * these parameters. Statements under SLOW_STATEMENT_MS without a sequential
 * scan are only counted.
 */
export async function explainSlowRead(world: World, plans: StatementPlan[]): Promise<string> {
  const shown: string[] = [];
  let quick = 0;
  for (const plan of plans) {
    const runs = plan.generic !== null && plan.generic.runs > 0 ? [true, false] : [false];
    const outputs = await Promise.all(runs.map((generic) => explainAnalyze(world.databaseUrl, plan, generic)));
    const slowest = Math.max(...outputs.map(executionMs));
    if (slowest < SLOW_STATEMENT_MS && seqScans(plan).length === 0) {
      quick++;
      continue;
    }
    shown.push(`${squash(plan.query)}\nparameters: ${JSON.stringify(plan.params)}\n\n${outputs.join('\n\n')}`);
  }
  if (quick > 0) shown.push(`(${quick} more statement${quick > 1 ? 's' : ''} under ${SLOW_STATEMENT_MS} ms, no sequential scan of a big table)`);
  return shown.join('\n\n');
}

function executionMs(explained: string): number {
  const match = /Execution Time: ([\d.]+) ms/.exec(explained);
  return match?.[1] === undefined ? Number.POSITIVE_INFINITY : Number(match[1]);
}
