import { randomUUID } from 'node:crypto';
import type { CpuProbe, CpuUse } from './cpu';
import { formatErrors } from './load';
import { interleaved, type LoadFigures, type LoadSubject, type RoundPlan } from './send';
import { ms, perSecond, ratio, type Row } from './stats';
import type { BenchUser } from './users';

// REST beside tRPC: the same procedure called through its REST route (/api)
// and through tRPC's own HTTP wire (/trpc), with the same token, from the
// same HTTP client (fetch, one call per request, no batching), so that what
// differs is the server's path: trpc-to-openapi's handler before the
// procedure against tRPC's. See docs/BENCHMARKS.md, "REST beside tRPC".

/** Shorter than the send rounds: four subjects, and the bench's added time stays under a minute. */
export const REST_PLAN: RoundPlan = { warmupMs: 1000, rounds: 4, rampMs: 250, measureMs: 2000 };

export interface RestCaller {
  user: BenchUser;
  /** A direct conversation of the caller's own, for the send. */
  conversationId: string;
}

/** The JSON body of a 2xx answer; anything else throws, to be counted as an error. */
async function call(url: string, init: RequestInit): Promise<unknown> {
  const response = await fetch(url, init);
  const text = await response.text();
  if (!response.ok) throw new Error(`${init.method ?? 'GET'} ${new URL(url).pathname.replace(/[0-9a-f-]{36}/g, '{id}')}: ${response.status} ${text.slice(0, 160)}`);
  return JSON.parse(text);
}

const auth = (caller: RestCaller) => ({ authorization: `Bearer ${caller.user.session.accessToken}` });
const json = (caller: RestCaller) => ({ ...auth(caller), 'content-type': 'application/json' });

function subject(name: string, callers: RestCaller[], operation: (caller: RestCaller, worker: number) => Promise<unknown>): LoadSubject {
  return {
    name,
    workers: callers.length,
    operation(worker) {
      const caller = callers[worker];
      if (caller === undefined) throw new Error(`no caller ${worker}`);
      return operation(caller, worker);
    },
  };
}

let sequence = 0;
const content = (worker: number) => ({ kind: 'text', body: `rest bench message ${++sequence} from caller ${worker}` });

/** The four subjects: a query and a mutation, each over REST and over tRPC. */
function subjects(url: string, callers: RestCaller[]) {
  return {
    restStats: subject('rest-stats', callers, (c) => call(`${url}/api/connections/stats`, { headers: auth(c) })),
    trpcStats: subject('trpc-stats', callers, (c) => call(`${url}/trpc/connections.stats`, { headers: auth(c) })),
    restSend: subject('rest-send', callers, (c, worker) =>
      call(`${url}/api/chat/conversations/${c.conversationId}/messages`, {
        method: 'POST',
        headers: json(c),
        body: JSON.stringify({ clientKey: randomUUID(), content: content(worker) }),
      }),
    ),
    trpcSend: subject('trpc-send', callers, (c, worker) =>
      call(`${url}/trpc/chat.send`, {
        method: 'POST',
        headers: json(c),
        body: JSON.stringify({ conversationId: c.conversationId, clientKey: randomUUID(), content: content(worker) }),
      }),
    ),
  };
}

const field = (value: unknown, key: string): unknown => (typeof value === 'object' && value !== null ? Reflect.get(value, key) : undefined);

/**
 * One call of each before measuring: the two routes must answer the same
 * call with the same data, or the comparison is of different work.
 */
async function checkSameAnswers(url: string, caller: RestCaller): Promise<void> {
  const rest = await call(`${url}/api/connections/stats`, { headers: auth(caller) });
  const trpc = field(field(await call(`${url}/trpc/connections.stats`, { headers: auth(caller) }), 'result'), 'data');
  if (JSON.stringify(rest) !== JSON.stringify(trpc)) throw new Error(`connections.stats differs: REST ${JSON.stringify(rest)}, tRPC ${JSON.stringify(trpc)}`);
  const sent = await call(`${url}/api/chat/conversations/${caller.conversationId}/messages`, {
    method: 'POST',
    headers: json(caller),
    body: JSON.stringify({ clientKey: randomUUID(), content: content(0) }),
  });
  if (field(sent, 'conversationId') !== caller.conversationId) throw new Error(`REST send answered ${JSON.stringify(sent)}`);
}

export interface RestBesideTrpc {
  rows: Row[];
  details: string[];
}

/**
 * Runs the four subjects interleaved, round after round (REST then tRPC for
 * the query, then for the send), and returns the table rows: REST in the
 * Rapport column, tRPC as the baseline, ratio = REST calls/s ÷ tRPC calls/s.
 */
export async function restBesideTrpc(
  url: string,
  callers: RestCaller[],
  probe: CpuProbe,
  cpuPerOp: (cpu: CpuUse, perSecond: number) => string,
): Promise<RestBesideTrpc> {
  const first = callers[0];
  if (first === undefined) throw new Error('no callers');
  await checkSameAnswers(url, first);
  const s = subjects(url, callers);
  const figures = await interleaved([s.restStats, s.trpcStats, s.restSend, s.trpcSend], REST_PLAN, probe);
  const get = (name: string): LoadFigures => {
    const f = figures.get(name);
    if (f === undefined) throw new Error(`no figures for ${name}`);
    return f;
  };
  const line = (f: LoadFigures) => `${perSecond(f.throughput.perSecond)} (p50 ${ms(f.throughput.latency.p50)}, p99 ${ms(f.throughput.latency.p99)})`;
  const rows: Row[] = [];
  const details: string[] = [];
  for (const [label, restName, trpcName, restRoute, trpcRoute] of [
    [`connections.stats, ${callers.length} callers`, 'rest-stats', 'trpc-stats', 'GET /api/connections/stats', 'GET /trpc/connections.stats'],
    [`chat.send, ${callers.length} senders in ${callers.length} direct conversations`, 'rest-send', 'trpc-send', 'POST /api/chat/conversations/{id}/messages', 'POST /trpc/chat.send'],
  ] as const) {
    const rest = get(restName);
    const trpc = get(trpcName);
    rows.push({
      measure: `${label}: REST beside tRPC (fetch, same token)`,
      rapport: `REST ${line(rest)}`,
      baseline: `tRPC ${line(trpc)}`,
      ratio: ratio(rest.throughput.perSecond / trpc.throughput.perSecond),
      target: '—',
    });
    details.push(`${restRoute}: ${cpuPerOp(rest.cpu, rest.throughput.perSecond)}`);
    details.push(`${trpcRoute}: ${cpuPerOp(trpc.cpu, trpc.throughput.perSecond)}`);
    for (const [route, f] of [
      [restRoute, rest],
      [trpcRoute, trpc],
    ] as const) {
      if (f.throughput.errors.size > 0) details.push(`${route} errors: ${formatErrors(f.throughput.errors)}`);
    }
  }
  return { rows, details };
}
