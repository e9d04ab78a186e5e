import { randomUUID } from 'node:crypto';
import postgres from 'postgres';
import { addCpu, cpuSince, cpuSnapshot, NO_CPU, type CpuProbe, type CpuUse } from './cpu';
import { addTally, closedLoop, EMPTY_TALLY, throughput, type Throughput } from './load';
import type { BenchUser } from './users';

/** Something measured by a closed loop of `workers`: SDK sends or raw inserts. */
export interface LoadSubject {
  name: string;
  workers: number;
  operation(worker: number): Promise<unknown>;
}

export interface LoadFigures {
  throughput: Throughput;
  /** CPU used while this subject ran (its measured rounds, warm-ups included). */
  cpu: CpuUse;
}

export interface RoundPlan {
  /** Each subject runs this long first, uncounted. */
  warmupMs: number;
  rounds: number;
  /** Per round and subject: a short ramp, then the measured window. */
  rampMs: number;
  measureMs: number;
}

export const SEND_PLAN: RoundPlan = { warmupMs: 2000, rounds: 5, rampMs: 250, measureMs: 2000 };

/**
 * Runs the subjects in turn, round after round, so that a noisy neighbour on
 * a shared machine weighs on each of them alike rather than on whichever
 * happened to run while it was busy.
 */
export async function interleaved(
  subjects: LoadSubject[],
  plan: RoundPlan,
  probe: CpuProbe,
  afterWarmup: () => Promise<void> = async () => undefined,
): Promise<Map<string, LoadFigures>> {
  for (const subject of subjects) await closedLoop(subject.workers, { warmupMs: plan.warmupMs, measureMs: 0 }, subject.operation);
  await afterWarmup();
  const tallies = new Map(subjects.map((s) => [s.name, { tally: EMPTY_TALLY, cpu: NO_CPU }]));
  for (let round = 0; round < plan.rounds; round++) {
    for (const subject of subjects) {
      const before = await cpuSnapshot(probe);
      const tally = await closedLoop(subject.workers, { warmupMs: plan.rampMs, measureMs: plan.measureMs }, subject.operation);
      const cpu = await cpuSince(before, probe);
      const soFar = tallies.get(subject.name) ?? { tally: EMPTY_TALLY, cpu: NO_CPU };
      tallies.set(subject.name, { tally: addTally(soFar.tally, tally), cpu: addCpu(soFar.cpu, cpu) });
    }
  }
  return new Map([...tallies].map(([name, { tally, cpu }]) => [name, { throughput: throughput(tally), cpu }]));
}

let sequence = 0;
const body = (worker: number) => `benchmark message ${++sequence} from sender ${worker}`;

/** Each sender sends through the SDK to its conversation, one call after another. */
export function sdkSends(name: string, senders: { user: BenchUser; conversationId: string }[]): LoadSubject {
  return {
    name,
    workers: senders.length,
    operation(worker) {
      const sender = senders[worker];
      if (sender === undefined) throw new Error(`no sender ${worker}`);
      return sender.user.api.chat.send.mutate({ conversationId: sender.conversationId, clientKey: randomUUID(), content: { kind: 'text', body: body(worker) } });
    },
  };
}

/** The baseline: bare single-row INSERTs through postgres.js, one connection per writer. */
export async function rawInserts(name: string, databaseUrl: string, writers: number): Promise<LoadSubject & { close(): Promise<void> }> {
  const sql = postgres(databaseUrl, { max: writers, onnotice: () => undefined });
  await sql`create table if not exists bench_raw (
    id bigserial primary key,
    conversation_id uuid not null,
    body text not null,
    created_at timestamptz not null default now()
  )`;
  const conversations = Array.from({ length: writers }, () => randomUUID());
  return {
    name,
    workers: writers,
    operation: (worker) => sql`insert into bench_raw (conversation_id, body) values (${conversations[worker] ?? ''}, ${body(worker)})`.execute(),
    close: () => sql.end({ timeout: 5 }),
  };
}
