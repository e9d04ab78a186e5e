import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startRapportServer, startRawWsServer, type Child } from './children';
import type { CpuUse } from './cpu';
import { createThrowawayDatabase } from '@rapport/db/testing';
import { analyze, serverEnv } from './database';
import { FANOUT_PLAN, rapportFanout, rawFanout, type FanoutFigures } from './fanout';
import { formatErrors } from './load';
import { rapportConnectionMemory, rapportHeapGrowth, rawConnectionMemory, type ConnectionMemory } from './memory';
import { formatProfile, summariseProfile } from './profile';
import { createRoom } from './rooms';
import { circlePostAtScale } from './circle-post';
import { discoverAtScale } from './discover';
import { nearbyAtScale } from './nearby';
import { REST_PLAN, restBesideTrpc } from './rest';
import { interleaved, rawInserts, sdkSends, SEND_PLAN, type LoadFigures } from './send';
import { streamProblems } from './sockets';
import { bytes, ms, perSecond, ratio, table, type Row } from './stats';
import { signUpUsers, type BenchUser } from './users';
import { describeHolds, watchLongWriters } from './watermark';

// `pnpm bench`: Rapport against bare baselines, each measured in this same
// run, on a throwaway database. See docs/BENCHMARKS.md.

const ADMIN_URL = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const WRITERS = 16;
const FANOUT_SIZES = (process.env.BENCH_FANOUT ?? '1,100,1000').split(',').map(Number);
const IDLE_CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 1000);
// A group holds at most 256 members; past that, each member opens several
// sockets (devices), as many as it takes to reach N.
const MAX_ROOM_MEMBERS = 250;
// Heap snapshots of this many sockets say where a connection's memory goes.
const SNAPSHOT_SOCKETS = Math.min(200, IDLE_CONNECTIONS);
const SEND_TARGET = 0.25;
const FANOUT_TARGET = 1.5;
const MEMORY_TARGET = 2;

const began = performance.now();
const progress = (text: string) => process.stderr.write(`[${((performance.now() - began) / 1000).toFixed(0).padStart(3)} s] ${text}\n`);

function need<T>(value: T | undefined, what: string): T {
  if (value === undefined) throw new Error(`missing ${what}`);
  return value;
}

const check = (value: number, target: number, atMost: boolean) => (atMost ? value <= target : value >= target) ? 'met' : 'NOT met';
const cpuPerOp = (cpu: CpuUse, perSec: number) => {
  const ops = perSec * cpu.seconds;
  const each = (seconds: number) => ms((seconds / Math.max(1, ops)) * 1000);
  return `CPU per operation: server process ${each(cpu.server)}, benchmark process ${each(cpu.bench)}, PostgreSQL backends on the bench database ${each(cpu.postgres)}; the rest of the machine ${each(cpu.other)} (machine ${(cpu.machineBusyShare * 100).toFixed(0)} % busy)`;
};

const loadAverage = () => readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');
const loadAtStart = loadAverage();
const rows: Row[] = [];
const details: string[] = [];
const database = await createThrowawayDatabase(ADMIN_URL, 'rapport_bench');
progress(`database ${database.name}`);
const children: Child[] = [];
const spawn = async (start: Promise<Child>) => {
  const child = await start;
  children.push(child);
  return child;
};
const stop = async (child: Child) => {
  await child.stop();
  children.splice(children.indexOf(child), 1);
};

try {
  const env = serverEnv(database.url);
  const server = await spawn(startRapportServer(env));
  const probe = { serverPid: server.pid, database: database.name };
  const fanoutMembers = Math.min(MAX_ROOM_MEMBERS, Math.max(...FANOUT_SIZES));
  const userCount = 2 * WRITERS + Math.max(IDLE_CONNECTIONS, fanoutMembers) + 1;
  progress(`server ${server.url} (pid ${server.pid}); signing up ${userCount} users`);
  const signUpStarted = performance.now();
  const users = await signUpUsers(server.url, userCount);
  details.push(`sign-up: ${userCount} users in ${((performance.now() - signUpStarted) / 1000).toFixed(1)} s, 16 at a time (argon2id, 19 MiB, t=2)`);
  const senders = users.slice(0, WRITERS);
  const partners = users.slice(WRITERS, 2 * WRITERS);
  const crowd = users.slice(2 * WRITERS, userCount - 1);
  const announcer = need(users[userCount - 1], 'fan-out sender');

  // 1. Sends: SDK into 16 direct conversations, SDK into one hot group, bare INSERTs.
  const direct = await Promise.all(
    senders.map(async (user, i) => ({ user, conversationId: (await user.api.chat.openDirect.mutate({ userId: need(partners[i], 'partner').id })).id })),
  );
  const hotRoom = await createRoom(need(senders[0], 'owner'), senders.slice(1), 'Hot room');
  const raw = await rawInserts('raw', database.url, WRITERS);
  progress(`send: ${SEND_PLAN.rounds} interleaved rounds of ${SEND_PLAN.measureMs / 1000} s each, ${WRITERS} concurrent`);
  let sends: Map<string, LoadFigures>;
  try {
    sends = await interleaved(
      [raw, sdkSends('direct', direct), sdkSends('hot', direct.map((d) => ({ user: d.user, conversationId: hotRoom })))],
      SEND_PLAN,
      probe,
      () => analyze(database.url),
    );
  } finally {
    await raw.close();
  }
  const rawFigures = need(sends.get('raw'), 'raw figures');
  const rawLine = `${perSecond(rawFigures.throughput.perSecond)} (p50 ${ms(rawFigures.throughput.latency.p50)}, p99 ${ms(rawFigures.throughput.latency.p99)})`;
  details.push(`raw INSERT: ${cpuPerOp(rawFigures.cpu, rawFigures.throughput.perSecond)}`);
  let directRatio = 0;
  for (const [name, label] of [
    ['direct', `send, ${WRITERS} senders in ${WRITERS} direct conversations`],
    ['hot', `send, ${WRITERS} senders in one group (hot room)`],
  ] as const) {
    const figures = need(sends.get(name), `${name} figures`);
    const r = figures.throughput.perSecond / rawFigures.throughput.perSecond;
    if (name === 'direct') directRatio = r;
    rows.push({
      measure: label,
      rapport: `${perSecond(figures.throughput.perSecond)} (p50 ${ms(figures.throughput.latency.p50)}, p99 ${ms(figures.throughput.latency.p99)})`,
      baseline: `raw INSERT ${rawLine}`,
      ratio: ratio(r),
      target: name === 'direct' ? `≥ ${SEND_TARGET}×: ${check(r, SEND_TARGET, false)}` : '—',
    });
    details.push(`send ${name}: ${cpuPerOp(figures.cpu, figures.throughput.perSecond)}`);
    if (figures.throughput.errors.size > 0) details.push(`send ${name} errors: ${formatErrors(figures.throughput.errors)}`);
  }
  if (rawFigures.throughput.errors.size > 0) details.push(`raw INSERT errors: ${formatErrors(rawFigures.throughput.errors)}`);

  if (directRatio < SEND_TARGET || process.env.BENCH_PROFILE === '1') {
    const file = join(tmpdir(), `rapport-bench-send-${Date.now()}.cpuprofile`);
    progress(`send below target: profiling the server for 5 s of sends → ${file}`);
    server.startProfile();
    await interleaved([sdkSends('profiled', direct)], { warmupMs: 0, rounds: 1, rampMs: 0, measureMs: 5000 }, probe);
    await server.stopProfile(file);
    details.push(`server CPU profile during direct sends (${file}):\n${formatProfile(await summariseProfile(file))}`);
  }

  // 1b. REST beside tRPC: the same query and send through /api and through /trpc, interleaved.
  progress(`REST beside tRPC: ${REST_PLAN.rounds} interleaved rounds of ${REST_PLAN.measureMs / 1000} s each, connections.stats and chat.send, ${WRITERS} concurrent`);
  const rest = await restBesideTrpc(server.url, direct, probe, cpuPerOp);
  rows.push(...rest.rows);
  details.push(...rest.details);

  // 1c. Discover: the same call with 10k and then 100k users seeded around the
  // caller (before nearby's located users, which would count towards the 10k).
  progress('discover: 10k seeded users, then 100k');
  const discovered = await discoverAtScale(server.url, database.url, need(users.at(-2), 'a user for discover'));
  rows.push(...discovered.rows);
  details.push(...discovered.details);

  // 1d. Nearby: the same call with 1k and then 100k located users around the caller.
  progress('nearby: 1k located users, then 100k');
  const near = await nearbyAtScale(server.url, database.url, need(users.at(-1), 'a user for nearby'));
  rows.push(...near.rows);
  details.push(...near.details);

  // 1e. Circle posts: the same post in a circle of 10 members and of 100k.
  progress('circle posts: a circle of 10 members and one of 100k, in turn');
  const posts = await circlePostAtScale(server.url, database.url, need(users.at(-1), 'a user for circle posts'));
  rows.push(...posts.rows);
  details.push(...posts.details);

  // 2. Fan-out: one sender, N subscribed sockets, 10 messages a second.
  const rawWs = await spawn(startRawWsServer());
  // A real message, so that the raw baseline relays a frame of the same shape and size.
  const sampleConversation = await announcer.api.chat.openDirect.mutate({ userId: need(crowd[0], 'crowd').id });
  const sample = await announcer.api.chat.send.mutate({ conversationId: sampleConversation.id, clientKey: randomUUID(), content: { kind: 'text', body: 'fanout 0' } });
  let largest: { n: number; ratio: number; conversationId: string; tokens: string[] } | null = null;
  for (const n of FANOUT_SIZES) {
    const members = crowd.slice(0, Math.min(n, MAX_ROOM_MEMBERS));
    const socketsPerMember = Math.ceil(n / members.length);
    const tokens = Array.from({ length: n }, (_, i) => need(members[i % members.length], 'member').session.accessToken);
    const conversationId = await createRoom(announcer, members, `Fan-out ${n}`);
    progress(`fan-out N=${n} (${members.length} members × ${socketsPerMember} sockets): raw ws, then Rapport`);
    const baseline = await rawFanout(rawWs.url, n, sample, { serverPid: rawWs.pid, database: database.name });
    const watch = watchLongWriters(ADMIN_URL, database.name);
    const rapport = await rapportFanout(server.url, { sender: announcer, conversationId, socketTokens: tokens }, probe);
    const holds = await watch.stop();
    const r = rapport.latency.p99 / baseline.latency.p99;
    if (largest === null || n >= largest.n) largest = { n, ratio: r, conversationId, tokens };
    rows.push({
      measure: `fan-out to N=${n}${socketsPerMember > 1 ? ` (${members.length} members × ${socketsPerMember} sockets)` : ''}, p99 (p50)`,
      rapport: `${ms(rapport.latency.p99)} (${ms(rapport.latency.p50)})`,
      baseline: `raw ws ${ms(baseline.latency.p99)} (${ms(baseline.latency.p50)})`,
      ratio: ratio(r),
      target: n === 1000 ? `≤ ${FANOUT_TARGET}×: ${check(r, FANOUT_TARGET, true)}` : '—',
    });
    for (const [name, f] of [
      ['Rapport', rapport],
      ['raw ws', baseline],
    ] as const) {
      details.push(describeFanout(name, n, f));
    }
    details.push(`fan-out N=${n} CPU per delivery: Rapport: ${cpuPerDelivery(rapport)}; raw ws: ${cpuPerDelivery(baseline)}`);
    details.push(`fan-out N=${n} Rapport, event log watermark: ${describeHolds(holds)}`);
  }
  if (largest !== null && (largest.ratio > FANOUT_TARGET || process.env.BENCH_PROFILE === '1')) {
    const file = join(tmpdir(), `rapport-bench-fanout-${Date.now()}.cpuprofile`);
    progress(`fan-out N=${largest.n} above target: profiling the server for a second run → ${file}`);
    server.startProfile();
    await rapportFanout(server.url, { sender: announcer, conversationId: largest.conversationId, socketTokens: largest.tokens }, probe);
    await server.stopProfile(file);
    details.push(`server CPU profile during fan-out to N=${largest.n} (${file}):\n${formatProfile(await summariseProfile(file))}`);
  }
  await stop(rawWs);
  await stop(server);

  // 3. Memory per idle subscribed connection, each server in a fresh process.
  progress(`memory: ${IDLE_CONNECTIONS} idle subscribed sockets on a fresh Rapport server, then on a fresh raw ws server`);
  const fresh = await spawn(startRapportServer(env));
  const tokens = crowd.map((u: BenchUser) => u.session.accessToken);
  const rapportMemory = await rapportConnectionMemory(fresh, tokens.slice(0, IDLE_CONNECTIONS));
  await stop(fresh);
  const snapshotted = await spawn(startRapportServer(env));
  const growth = await rapportHeapGrowth(snapshotted, tokens.slice(0, SNAPSHOT_SOCKETS));
  await stop(snapshotted);
  const bare = await spawn(startRawWsServer());
  const rawMemory = await rawConnectionMemory(bare, IDLE_CONNECTIONS);
  await stop(bare);
  rows.push({
    measure: `memory per idle connection (RSS, ${IDLE_CONNECTIONS} sockets)`,
    rapport: bytes(rapportMemory.rssPerConnection),
    baseline: `raw ws ${bytes(rawMemory.rssPerConnection)}`,
    ratio: ratio(rapportMemory.rssPerConnection / rawMemory.rssPerConnection),
    target: `≤ ${MEMORY_TARGET}×: ${check(rapportMemory.rssPerConnection / rawMemory.rssPerConnection, MEMORY_TARGET, true)}`,
  });
  rows.push({
    measure: `memory per idle connection (JS heap + external, after GC)`,
    rapport: bytes(rapportMemory.heapPerConnection),
    baseline: `raw ws ${bytes(rawMemory.heapPerConnection)}`,
    ratio: ratio(rapportMemory.heapPerConnection / rawMemory.heapPerConnection),
    target: '—',
  });
  details.push(describeMemory('Rapport', rapportMemory), describeMemory('raw ws', rawMemory));
  const growthLines = growth.map((g) => `  ${bytes(g.bytesPerConnection).padStart(10)}  ${g.objectsPerConnection.toFixed(1).padStart(6)} objects  ${g.kind}`);
  details.push(`Rapport JS heap growth per idle connection, by kind of object (heap snapshots before and after ${SNAPSHOT_SOCKETS} sockets, on another fresh server):\n${growthLines.join('\n')}`);
  if (streamProblems.length > 0) details.push(`stream problems (${streamProblems.length}): ${[...new Set(streamProblems)].slice(0, 5).join('; ')}`);

  console.log(`\nRapport benchmark — ${new Date().toISOString()}, node ${process.version}, took ${((performance.now() - began) / 1000).toFixed(0)} s, load average ${loadAtStart} at start, ${loadAverage()} at end\n`);
  console.log(table(rows));
  console.log(`\n${details.map((d) => `- ${d}`).join('\n')}`);
} finally {
  for (const child of [...children]) await child.stop().catch(() => undefined);
  await database.drop();
}

function describeFanout(name: string, n: number, f: FanoutFigures): string {
  const lost = f.expected - f.delivered;
  return `fan-out N=${n} ${name}: ${f.delivered}/${f.expected} deliveries of ${FANOUT_PLAN.measuredMessages} measured messages${lost > 0 ? ` (${lost} NOT delivered)` : ''}${f.duplicates > 0 ? `, ${f.duplicates} duplicates` : ''}, p50 ${ms(f.latency.p50)}, p99 ${ms(f.latency.p99)}, max ${ms(f.latency.max)}${f.sendErrors.size > 0 ? `; send errors: ${formatErrors(f.sendErrors)}` : ''}`;
}

function cpuPerDelivery(f: FanoutFigures): string {
  const { cpu } = f;
  // Deliveries of the warm-up messages count too: the CPU interval covers them.
  const deliveries = f.subscribers * (FANOUT_PLAN.warmupMessages + FANOUT_PLAN.measuredMessages);
  const us = (seconds: number) => `${((seconds / deliveries) * 1e6).toFixed(0)} µs`;
  return `server process ${us(cpu.server)}, benchmark process ${us(cpu.bench)}, PostgreSQL ${us(cpu.postgres)}`;
}

function describeMemory(name: string, m: ConnectionMemory): string {
  const mb = (b: number) => `${(b / 1024 / 1024).toFixed(1)} MiB`;
  return `memory ${name}, before → with ${m.connections} sockets → after they closed: RSS ${mb(m.before.rss)} → ${mb(m.after.rss)} → ${mb(m.closed.rss)}, heap used ${mb(m.before.heapUsed)} → ${mb(m.after.heapUsed)} → ${mb(m.closed.heapUsed)}, external ${mb(m.before.external)} → ${mb(m.after.external)} → ${mb(m.closed.external)}`;
}
