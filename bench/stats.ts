/** Latency figures from a list of samples in milliseconds. */
export interface Latency {
  count: number;
  p50: number;
  p99: number;
  max: number;
}

/** Nearest-rank percentile of already sorted samples. */
function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank] ?? Number.NaN;
}

export function latency(samples: number[]): Latency {
  const sorted = Float64Array.from(samples).sort();
  const list = Array.from(sorted);
  return { count: list.length, p50: percentile(list, 50), p99: percentile(list, 99), max: list[list.length - 1] ?? Number.NaN };
}

export const ms = (value: number) => (Number.isFinite(value) ? `${value.toFixed(value < 10 ? 2 : 1)} ms` : 'n/a');
export const perSecond = (value: number) => `${Math.round(value).toLocaleString('en-US')}/s`;
export const bytes = (value: number) =>
  Math.abs(value) >= 1024 * 1024 ? `${(value / 1024 / 1024).toFixed(1)} MiB` : `${(value / 1024).toFixed(1)} KiB`;
export const ratio = (value: number) => (Number.isFinite(value) ? `${value.toFixed(2)}×` : 'n/a');

/** One row of the printed table: what was measured, the two figures, their ratio and the target. */
export interface Row {
  measure: string;
  rapport: string;
  baseline: string;
  ratio: string;
  target: string;
}

export function table(rows: Row[]): string {
  const header: Row = { measure: 'measure', rapport: 'Rapport', baseline: 'baseline (same run)', ratio: 'ratio', target: 'target' };
  const columns = ['measure', 'rapport', 'baseline', 'ratio', 'target'] as const;
  const widths = columns.map((c) => Math.max(...[header, ...rows].map((r) => r[c].length)));
  const line = (r: Row) => `| ${columns.map((c, i) => r[c].padEnd(widths[i] ?? 0)).join(' | ')} |`;
  const rule = `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`;
  return [line(header), rule, ...rows.map(line)].join('\n');
}

export const sleep = (msToWait: number) => new Promise<void>((resolve) => setTimeout(resolve, msToWait));
