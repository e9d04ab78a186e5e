import { readdir, readFile } from 'node:fs/promises';

// CPU time per party (server process, benchmark process, PostgreSQL), read
// from /proc. Profiles sample wall time on the JS thread: on a busy 2-core
// machine a thread descheduled in favour of PostgreSQL shows up as time in
// whatever syscall it was in. These counters say who actually used the CPU.

const TICKS_PER_SECOND = 100;

/** Whose CPU to count: the server process under test and the benchmark's database. */
export interface CpuProbe {
  serverPid: number | null;
  /** Only backends connected to this database count as PostgreSQL's share. */
  database: string;
}

async function processTicks(pid: number): Promise<number | null> {
  try {
    const stat = await readFile(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command name, which is in parentheses and may hold spaces.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return Number(fields[11]) + Number(fields[12]);
  } catch {
    return null;
  }
}

/**
 * CPU ticks of each PostgreSQL backend connected to `database` (its process
 * title names the database). Other tenants of a shared server are left out.
 */
async function backendTicks(database: string): Promise<Map<number, number>> {
  const out = new Map<number, number>();
  for (const entry of await readdir('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    let title: string;
    try {
      if ((await readFile(`/proc/${entry}/comm`, 'utf8')).trim() !== 'postgres') continue;
      title = (await readFile(`/proc/${entry}/cmdline`, 'utf8')).replaceAll('\0', ' ');
    } catch {
      continue;
    }
    if (!title.split(' ').includes(database)) continue;
    const ticks = await processTicks(Number(entry));
    if (ticks !== null) out.set(Number(entry), ticks);
  }
  return out;
}

async function machineTicks(): Promise<{ busy: number; total: number }> {
  const line = (await readFile('/proc/stat', 'utf8')).split('\n')[0] ?? '';
  const values = line.trim().split(/\s+/).slice(1).map(Number);
  const total = values.reduce((a, b) => a + b, 0);
  const idle = (values[3] ?? 0) + (values[4] ?? 0);
  return { busy: total - idle, total };
}

export interface CpuSnapshot {
  at: number;
  server: number;
  bench: number;
  backends: Map<number, number>;
  machine: { busy: number; total: number };
}

/** CPU seconds used in an interval, by party, and the machine's busy share. */
export interface CpuUse {
  seconds: number;
  server: number;
  bench: number;
  postgres: number;
  /** Everything else on the machine (other tenants of a shared box). */
  other: number;
  machineBusyShare: number;
}

export async function cpuSnapshot(probe: CpuProbe): Promise<CpuSnapshot> {
  const usage = process.cpuUsage();
  const server = probe.serverPid === null ? null : await processTicks(probe.serverPid);
  return {
    at: performance.now(),
    server: (server ?? 0) / TICKS_PER_SECOND,
    bench: (usage.user + usage.system) / 1e6,
    backends: await backendTicks(probe.database),
    machine: await machineTicks(),
  };
}

export async function cpuSince(before: CpuSnapshot, probe: CpuProbe): Promise<CpuUse> {
  const after = await cpuSnapshot(probe);
  let backendTicksUsed = 0;
  // A backend that started in the interval counts from zero; one that ended
  // in it is lost (the benchmark keeps its connections open while measuring).
  for (const [pid, ticks] of after.backends) backendTicksUsed += ticks - (before.backends.get(pid) ?? 0);
  const machineBusy = (after.machine.busy - before.machine.busy) / TICKS_PER_SECOND;
  const server = after.server - before.server;
  const bench = after.bench - before.bench;
  const postgres = backendTicksUsed / TICKS_PER_SECOND;
  return {
    seconds: (after.at - before.at) / 1000,
    server,
    bench,
    postgres,
    other: Math.max(0, machineBusy - server - bench - postgres),
    machineBusyShare: (after.machine.busy - before.machine.busy) / Math.max(1, after.machine.total - before.machine.total),
  };
}

export const NO_CPU: CpuUse = { seconds: 0, server: 0, bench: 0, postgres: 0, other: 0, machineBusyShare: 0 };

export function addCpu(a: CpuUse, b: CpuUse): CpuUse {
  const seconds = a.seconds + b.seconds;
  return {
    seconds,
    server: a.server + b.server,
    bench: a.bench + b.bench,
    postgres: a.postgres + b.postgres,
    other: a.other + b.other,
    machineBusyShare: seconds > 0 ? (a.machineBusyShare * a.seconds + b.machineBusyShare * b.seconds) / seconds : 0,
  };
}
