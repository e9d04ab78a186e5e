import { readFile } from 'node:fs/promises';

// Reads a V8 .cpuprofile and sums self time by frame and by category.

interface CallFrame {
  functionName: string;
  url: string;
  lineNumber: number;
}
interface ProfileNode {
  id: number;
  callFrame: CallFrame;
  children?: number[];
}
interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

export interface ProfileSummary {
  /** Sampled time, in ms, idle excluded. */
  busyMs: number;
  idleMs: number;
  /** The profiler's own work (stopping it is sampled), left out of the shares. */
  harnessMs: number;
  /** Self time by the frame's own category. */
  categories: { name: string; ms: number; share: number }[];
  /**
   * Self time charged to the nearest caller that is a library or our code:
   * a socket write under the postgres driver counts as the driver's, a
   * webcrypto HMAC under jose as jose's.
   */
  attributed: { name: string; ms: number; share: number; runtimeShare: number }[];
  frames: { frame: string; category: string; ms: number; share: number }[];
}

const HARNESS = 'benchmark harness';

const CATEGORIES: [string, (frame: CallFrame) => boolean][] = [
  ['idle', (f) => f.functionName === '(idle)'],
  ['garbage collection', (f) => f.functionName === '(garbage collector)'],
  ['V8/native (program)', (f) => f.functionName === '(program)'],
  [HARNESS, (f) => f.url.includes('/bench/')],
  ['JSON', (f) => f.url === '' && /^(parse|stringify)$/.test(f.functionName)],
  ['tRPC', (f) => f.url.includes('@trpc')],
  ['zod', (f) => f.url.includes('/zod/')],
  ['postgres driver', (f) => f.url.includes('/postgres/')],
  ['drizzle', (f) => f.url.includes('drizzle-orm')],
  ['jose (JWT)', (f) => f.url.includes('/jose/')],
  ['argon2', (f) => f.url.includes('argon2')],
  ['ws', (f) => f.url.includes('/ws/')],
  ['our server code', (f) => f.url.includes('/packages/server/src/')],
  ['our db code', (f) => f.url.includes('/packages/db/src/')],
  ['node http/net/streams', (f) => f.url.startsWith('node:')],
  ['tsx loader', (f) => f.url.includes('/tsx/')],
  ['other built-ins', (f) => f.url === ''],
];

// Categories that say little about who asked for the work: charged upward.
const RUNTIME = new Set(['other built-ins', 'node http/net/streams', 'JSON', 'other']);

function categoryOf(frame: CallFrame): string {
  return CATEGORIES.find(([, test]) => test(frame))?.[0] ?? 'other';
}

function frameName(frame: CallFrame): string {
  const file = frame.url.replace(/^.*\/node_modules\/(\.pnpm\/[^/]+\/node_modules\/)?/, '').replace(/^.*\/packages\//, 'packages/');
  return `${frame.functionName || '(anonymous)'} ${file ? `${file}:${frame.lineNumber + 1}` : ''}`.trim();
}

function isCpuProfile(value: unknown): value is CpuProfile {
  return typeof value === 'object' && value !== null && Array.isArray(Reflect.get(value, 'nodes')) && Array.isArray(Reflect.get(value, 'samples'));
}

export async function summariseProfile(file: string, top = 15): Promise<ProfileSummary> {
  const parsed: unknown = JSON.parse(await readFile(file, 'utf8'));
  if (!isCpuProfile(parsed)) throw new Error(`${file} is not a .cpuprofile`);
  const byId = new Map(parsed.nodes.map((node) => [node.id, node.callFrame]));
  const parentOf = new Map<number, number>();
  for (const node of parsed.nodes) for (const child of node.children ?? []) parentOf.set(child, node.id);
  /** The category that asked for this sample's work: its own, or its nearest non-runtime caller's. */
  const charged = (nodeId: number, own: string): string => {
    if (!RUNTIME.has(own)) return own;
    for (let id = parentOf.get(nodeId); id !== undefined; id = parentOf.get(id)) {
      const frame = byId.get(id);
      const category = frame === undefined ? 'other' : categoryOf(frame);
      if (!RUNTIME.has(category)) return category;
    }
    return own;
  };
  const selfUs = new Map<string, { category: string; us: number }>();
  const categoryUs = new Map<string, number>();
  const attributedUs = new Map<string, { us: number; runtimeUs: number }>();
  let idleUs = 0;
  let harnessUs = 0;
  parsed.samples.forEach((nodeId, i) => {
    const frame = byId.get(nodeId);
    if (frame === undefined) return;
    const us = parsed.timeDeltas[i] ?? 0;
    const own = categoryOf(frame);
    if (own === 'idle') {
      idleUs += us;
      return;
    }
    const owner = charged(nodeId, own);
    // Stopping the profiler is sampled too: the harness's own cost is set aside.
    if (owner === HARNESS) {
      harnessUs += us;
      return;
    }
    const name = frameName(frame);
    const entry = selfUs.get(name) ?? { category: own, us: 0 };
    entry.us += us;
    selfUs.set(name, entry);
    categoryUs.set(own, (categoryUs.get(own) ?? 0) + us);
    const attributed = attributedUs.get(owner) ?? { us: 0, runtimeUs: 0 };
    attributed.us += us;
    if (owner !== own) attributed.runtimeUs += us;
    attributedUs.set(owner, attributed);
  });
  const busyUs = [...categoryUs.values()].reduce((a, b) => a + b, 0);
  const share = (us: number) => (busyUs > 0 ? us / busyUs : 0);
  return {
    busyMs: busyUs / 1000,
    idleMs: idleUs / 1000,
    harnessMs: harnessUs / 1000,
    categories: [...categoryUs]
      .sort((a, b) => b[1] - a[1])
      .map(([name, us]) => ({ name, ms: us / 1000, share: share(us) })),
    attributed: [...attributedUs]
      .sort((a, b) => b[1].us - a[1].us)
      .map(([name, a]) => ({ name, ms: a.us / 1000, share: share(a.us), runtimeShare: share(a.runtimeUs) })),
    frames: [...selfUs]
      .sort((a, b) => b[1].us - a[1].us)
      .slice(0, top)
      .map(([frame, e]) => ({ frame, category: e.category, ms: e.us / 1000, share: share(e.us) })),
  };
}

export function formatProfile(summary: ProfileSummary): string {
  const pct = (x: number) => `${(x * 100).toFixed(1).padStart(5)} %`;
  return [
    `busy ${summary.busyMs.toFixed(0)} ms, idle ${summary.idleMs.toFixed(0)} ms, profiler ${summary.harnessMs.toFixed(0)} ms (left out)`,
    'shares are of sampled wall time on the JS thread: when the machine is saturated, time the thread spends',
    'descheduled inside a syscall (a socket write waking PostgreSQL) lands on that frame; the CPU lines say who used the CPU',
    'self time by category:',
    ...summary.categories.map((c) => `  ${pct(c.share)}  ${c.name}`),
    'self time charged to the nearest library or our code:',
    ...summary.attributed
      .filter((c) => c.share >= 0.005)
      .map((c) => `  ${pct(c.share)}  ${c.name}${c.runtimeShare >= 0.005 ? ` (${pct(c.runtimeShare).trim()} of it in Node/V8 built-ins it called)` : ''}`),
    'top frames by self time:',
    ...summary.frames.map((f) => `  ${pct(f.share)}  ${f.frame}  [${f.category}]`),
  ].join('\n');
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const file = process.argv[2];
  if (file === undefined) throw new Error('usage: tsx bench/profile.ts <file.cpuprofile>');
  console.log(formatProfile(await summariseProfile(file, 30)));
}
