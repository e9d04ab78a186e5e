import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { endActivity } from '../activities/time-travel';
import { startTestServer, type TestServer } from '../harness';
import { walkEveryRoute, type Step } from './every-route-script';
import { restTransport, routes, trpcTransport, type Outcome, type Transport } from './transports';

/**
 * Every REST route against the tRPC procedure it is declared on: one walk
 * through every query and mutation runs over each transport and must give the
 * same outcomes, step by step; then the same bad inputs, and calls without a
 * token, must give the same errors on every route.
 */

let t: TestServer;
let trpc: Transport;
let rest: Transport;
let viaTrpc: Step[];
let viaRest: Step[];

beforeAll(async () => {
  t = await startTestServer();
  trpc = trpcTransport(t.url);
  rest = restTransport(t.url);
  const ended = (activityId: string) => endActivity(t, activityId);
  viaTrpc = await walkEveryRoute(trpc, 'viatrpc', ended);
  viaRest = await walkEveryRoute(rest, 'viarest', ended);
}, 120_000);
afterAll(async () => {
  await t.close();
});

const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi;
const ISO_TIME = /\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})/g;
// A group's creator and first members join in one statement, so their order
// is by user id, which differs between runs.
const TIED_ORDER = 'chat.members';
const nameOf = (item: unknown) => String(typeof item === 'object' && item !== null ? Reflect.get(item, 'name') : '');
function byName(outcome: Outcome): Outcome {
  if (!outcome.ok || typeof outcome.data !== 'object' || outcome.data === null) return outcome;
  const items: unknown = Reflect.get(outcome.data, 'items');
  if (!Array.isArray(items)) return outcome;
  return { ...outcome, data: { ...outcome.data, items: [...items].sort((a, b) => nameOf(a).localeCompare(nameOf(b))) } };
}
const OPAQUE_KEYS = new Set(['accessToken', 'refreshToken', 'nextCursor']);

/**
 * A run's outcomes with what must differ between runs replaced: ids by their
 * order of first appearance, times, tokens and cursors by placeholders, and
 * the run's tag.
 */
function normalise(steps: Step[], tag: string): unknown[] {
  const ids = new Map<string, string>();
  const text = JSON.stringify(steps.map(({ path, as, outcome }) => ({ path, as, outcome: path === TIED_ORDER ? byName(outcome) : outcome })), (key, value: unknown) =>
    OPAQUE_KEYS.has(key) && typeof value === 'string' ? '<opaque>' : value,
  );
  const replaced = text
    .replaceAll(tag, 'TAG')
    .replace(UUID, (id) => {
      const key = id.toLowerCase();
      if (!ids.has(key)) ids.set(key, `<id ${ids.size + 1}>`);
      return ids.get(key) ?? '';
    })
    .replace(ISO_TIME, '<time>');
  const parsed: unknown = JSON.parse(replaced);
  return Array.isArray(parsed) ? parsed : [];
}

/** What a client sees of an outcome: the status and the body. */
const seen = (outcome: Outcome) => (outcome.ok ? { status: outcome.status, data: outcome.data } : { status: outcome.status, message: outcome.message, data: outcome.data });

/** The same input with one field broken, for each field; alike on both transports (see below). */
function brokenInputs(path: string, input: Record<string, unknown>): Record<string, unknown>[] {
  const route = routes.get(path);
  if (route === undefined) return [];
  const pathKeys = new Set([...route.path.matchAll(/\{(\w+)\}/g)].map((match) => match[1]));
  const inQuery = route.method === 'GET' || route.method === 'DELETE';
  return Object.keys(input).flatMap((key) => {
    // A query string or a path carries only text, so there both transports
    // get the same wrong text; a JSON body carries types, so there a value of
    // the wrong type. Leaving a field out is alike everywhere but the path.
    // (A query string has no single-item array either: a key given once is
    // a list of one.)
    const text = 'x'.repeat(3000);
    const wrong = inQuery || pathKeys.has(key) ? (Array.isArray(input[key]) ? [text] : text) : typeof input[key] === 'string' ? 12345 : 'x';
    const missing: Record<string, unknown>[] = pathKeys.has(key) ? [] : [Object.fromEntries(Object.entries(input).filter(([k]) => k !== key))];
    return [{ ...input, [key]: wrong }, ...missing];
  });
}

describe('REST routes and tRPC procedures', () => {
  it('walks every query and mutation over both', () => {
    const walked = new Set(viaRest.map((step) => step.path));
    expect([...routes.keys()].filter((path) => !walked.has(path))).toEqual([]);
    const unexpected = viaRest.filter((step, i) => step.outcome.ok !== viaTrpc[i]?.outcome.ok);
    expect(unexpected.map((step) => `${step.path}: ${JSON.stringify(seen(step.outcome)).slice(0, 300)}`)).toEqual([]);
  });

  it('gives the same result at every step', () => {
    const trpcRun = normalise(viaTrpc, 'viatrpc');
    const restRun = normalise(viaRest, 'viarest');
    expect(restRun.length).toBe(trpcRun.length);
    for (let i = 0; i < restRun.length; i++) expect(restRun[i], `step ${i}`).toEqual(trpcRun[i]);
  });

  it('gives the same error for the same bad input, on every route', async () => {
    const tried = new Set<string>();
    const mismatches: string[] = [];
    let compared = 0;
    for (const step of viaRest) {
      if (tried.has(step.path) || step.input === undefined || !step.outcome.ok) continue;
      tried.add(step.path);
      const token = step.path.startsWith('auth.') ? null : await t.user().then((user) => user.client.session()).then((s) => s?.accessToken ?? null);
      for (const input of brokenInputs(step.path, step.input)) {
        const [overTrpc, overRest] = await Promise.all([trpc(step.path, input, token), rest(step.path, input, token)]);
        compared += 1;
        if (overTrpc.ok) continue; // a field both accept without it, e.g. an optional one
        if (JSON.stringify(seen(overRest)) !== JSON.stringify(seen(overTrpc))) {
          mismatches.push(`${step.path} ${JSON.stringify(input).slice(0, 120)}\n  rest: ${JSON.stringify(seen(overRest)).slice(0, 300)}\n  trpc: ${JSON.stringify(seen(overTrpc)).slice(0, 300)}`);
        }
      }
    }
    expect(compared).toBeGreaterThan(100);
    expect(mismatches).toEqual([]);
  }, 120_000);

  it('refuses every signed-in route without a token, alike', async () => {
    const open = new Set(['auth.signUp', 'auth.signIn', 'auth.refresh']);
    const mismatches: string[] = [];
    const firstInputs = new Map<string, Record<string, unknown> | undefined>();
    for (const step of viaRest) if (!firstInputs.has(step.path)) firstInputs.set(step.path, step.input);
    for (const [path, input] of firstInputs) {
      if (open.has(path)) continue;
      const [overTrpc, overRest] = await Promise.all([trpc(path, input, null), rest(path, input, null)]);
      if (overRest.status !== 401 || JSON.stringify(seen(overRest)) !== JSON.stringify(seen(overTrpc))) {
        mismatches.push(`${path}: rest ${JSON.stringify(seen(overRest)).slice(0, 200)} / trpc ${JSON.stringify(seen(overTrpc)).slice(0, 200)}`);
      }
    }
    expect(mismatches).toEqual([]);
  });
});
