import { latency, type Latency } from '../stats';
import type { Read } from './reads';
import type { World } from './world';

export interface Pair<T> {
  small: T;
  big: T;
}

/**
 * Warms a read up on both databases, then times `calls` sequential calls on
 * each, one small and one big per round, the pair's order swapped each round:
 * whatever else the machine does slows both alike, so the ratio stays fair on
 * a shared machine even when the absolute figures move.
 */
export async function timeRead(read: Read, worlds: Pair<World>, plan: { warmup: number; calls: number }): Promise<Pair<Latency>> {
  for (const world of [worlds.small, worlds.big]) {
    for (let i = 0; i < plan.warmup; i++) await world.recorder.around(() => read.call(world));
  }
  const samples: Pair<number[]> = { small: [], big: [] };
  for (let i = 0; i < plan.calls; i++) {
    for (const which of i % 2 === 0 ? (['small', 'big'] as const) : (['big', 'small'] as const)) {
      const world = worlds[which];
      const started = performance.now();
      await world.recorder.around(() => read.call(world));
      samples[which].push(performance.now() - started);
    }
  }
  return { small: latency(samples.small), big: latency(samples.big) };
}
