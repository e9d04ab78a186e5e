import postgres from 'postgres';

// Rapport delivers an event once every transaction that started before it
// has finished, cluster-wide (the xid8 watermark, docs/ARCHITECTURE.md, "Event log"). On a shared
// PostgreSQL server another database's open write transaction therefore
// holds delivery back, and so does a long one in the benchmark's own. This
// watches for such transactions while a phase runs.

export interface WatermarkHolds {
  samples: number;
  /** Samples that found a write transaction open for over 100 ms, whichever database it was in. */
  held: number;
  longestMs: number;
  databases: string[];
}

const POLL_MS = 50;
const HELD_MS = 100;

export function watchLongWriters(adminUrl: string, benchDatabase: string): { stop(): Promise<WatermarkHolds> } {
  const sql = postgres(adminUrl, { max: 1, onnotice: () => undefined });
  const result: WatermarkHolds = { samples: 0, held: 0, longestMs: 0, databases: [] };
  const databases = new Set<string>();
  let running = true;
  const loop = (async () => {
    while (running) {
      const [oldest] = await sql`
        select coalesce(datname, '(none)') as datname, extract(epoch from clock_timestamp() - xact_start) * 1000 as ms
        from pg_stat_activity
        where backend_xid is not null
        order by xact_start limit 1`;
      result.samples++;
      const ms = Number(oldest?.ms ?? 0);
      if (oldest !== undefined && ms > HELD_MS) {
        result.held++;
        databases.add(oldest.datname === benchDatabase ? `${benchDatabase} (the benchmark's own)` : String(oldest.datname));
      }
      result.longestMs = Math.max(result.longestMs, ms);
      await new Promise((resolve) => setTimeout(resolve, POLL_MS));
    }
  })();
  return {
    async stop() {
      running = false;
      await loop.catch(() => undefined);
      await sql.end({ timeout: 5 });
      return { ...result, databases: [...databases] };
    },
  };
}

export function describeHolds(h: WatermarkHolds): string {
  if (h.held === 0) return `no write transaction open over ${HELD_MS} ms anywhere on the cluster (longest seen ${h.longestMs.toFixed(0)} ms)`;
  return `a write transaction was open over ${HELD_MS} ms in ${h.held} of ${h.samples} samples (every ${POLL_MS} ms), the longest ${h.longestMs.toFixed(0)} ms, in ${h.databases.slice(0, 4).join(', ')}${h.databases.length > 4 ? ', …' : ''}`;
}
