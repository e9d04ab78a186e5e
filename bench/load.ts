import { isRapportError } from '@rapport/sdk';
import { latency, type Latency } from './stats';

/** What one measured window counted. */
export interface Tally {
  completed: number;
  measuredMs: number;
  samples: number[];
  /** Failed operations, warm-up included, by error. */
  errors: Map<string, number>;
}

export const EMPTY_TALLY: Tally = { completed: 0, measuredMs: 0, samples: [], errors: new Map() };

export function addTally(a: Tally, b: Tally): Tally {
  const errors = new Map(a.errors);
  for (const [key, count] of b.errors) errors.set(key, (errors.get(key) ?? 0) + count);
  return { completed: a.completed + b.completed, measuredMs: a.measuredMs + b.measuredMs, samples: a.samples.concat(b.samples), errors };
}

export interface Throughput {
  perSecond: number;
  latency: Latency;
  errors: Map<string, number>;
}

export function throughput(tally: Tally): Throughput {
  return { perSecond: tally.measuredMs > 0 ? tally.completed / (tally.measuredMs / 1000) : 0, latency: latency(tally.samples), errors: tally.errors };
}

/**
 * Runs `workers` loops of `operation` back to back for `warmupMs`, then
 * counts what completes in the next `measureMs`, with the latency of each
 * operation that both started and ended inside the measured window.
 */
export async function closedLoop(
  workers: number,
  timing: { warmupMs: number; measureMs: number },
  operation: (worker: number) => Promise<unknown>,
): Promise<Tally> {
  const begin = performance.now();
  const measureFrom = begin + timing.warmupMs;
  const measureUntil = measureFrom + timing.measureMs;
  const samples: number[] = [];
  const errors = new Map<string, number>();
  let completed = 0;
  await Promise.all(
    Array.from({ length: workers }, async (_, worker) => {
      while (performance.now() < measureUntil) {
        const startedAt = performance.now();
        try {
          await operation(worker);
        } catch (error) {
          const key = describeError(error);
          errors.set(key, (errors.get(key) ?? 0) + 1);
          continue;
        }
        const endedAt = performance.now();
        if (startedAt >= measureFrom && endedAt <= measureUntil) {
          completed++;
          samples.push(endedAt - startedAt);
        }
      }
    }),
  );
  return { completed, measuredMs: timing.measureMs, samples, errors };
}

export function describeError(error: unknown): string {
  if (isRapportError(error)) return `${error.data?.code ?? 'TRPCClientError'}: ${error.message}`;
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}

export function formatErrors(errors: Map<string, number>): string {
  return [...errors].map(([message, count]) => `${count}× ${message}`).join('; ');
}
