import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Child } from './children';
import { heapGrowth, type HeapGrowth } from './heap';
import type { MemorySample } from './ipc';
import { openMany, openRawSocket, subscribeToEvents, type OpenSocket } from './sockets';
import { sleep } from './stats';

export interface ConnectionMemory {
  connections: number;
  before: MemorySample;
  after: MemorySample;
  /** Once the sockets have closed again: what was not given back. */
  closed: MemorySample;
  rssPerConnection: number;
  heapPerConnection: number;
}

const WARMUP_SOCKETS = 20;

type Open = (index: number) => Promise<OpenSocket>;

/**
 * What `connections` idle sockets cost a server process: its RSS and its
 * heap + external memory after a forced GC, before and after they open.
 * A few sockets are opened and closed first, so code that runs on the first
 * connection (and the memory it keeps) is not charged to the measured ones.
 */
async function measure(child: Child, connections: number, open: Open, settleMs: number): Promise<ConnectionMemory> {
  const warm = await openMany(WARMUP_SOCKETS, open);
  await sleep(settleMs);
  for (const socket of warm) socket.close();
  await sleep(settleMs);
  const before = await child.memory();
  const sockets = await openMany(connections, open);
  await sleep(settleMs);
  const after = await child.memory();
  for (const socket of sockets) socket.close();
  await sleep(settleMs);
  const closed = await child.memory();
  const heap = (m: MemorySample) => m.heapUsed + m.external;
  return {
    connections,
    before,
    after,
    closed,
    rssPerConnection: (after.rss - before.rss) / connections,
    heapPerConnection: (heap(after) - heap(before)) / connections,
  };
}

/**
 * What the JS heap of a server grows by, by kind of object, for `tokens.length`
 * subscribed sockets. Writing a heap snapshot inflates RSS for good: use a
 * server of its own for this, not the one whose RSS is measured.
 */
export async function rapportHeapGrowth(child: Child, tokens: string[]): Promise<HeapGrowth[]> {
  const open: Open = (i) => subscribeToEvents(child.url, tokens[i] ?? '', () => undefined);
  const settleMs = 2000;
  const connections = tokens.length;
  const warm = await openMany(WARMUP_SOCKETS, open);
  await sleep(settleMs);
  for (const socket of warm) socket.close();
  await sleep(settleMs);
  const file = (when: string) => join(tmpdir(), `rapport-bench-${child.pid}-${when}.heapsnapshot`);
  await child.heapSnapshot(file('before'));
  const sockets = await openMany(connections, open);
  await sleep(settleMs);
  await child.heapSnapshot(file('after'));
  for (const socket of sockets) socket.close();
  try {
    return await heapGrowth(file('before'), file('after'), connections);
  } finally {
    await Promise.all([rm(file('before')), rm(file('after'))]);
  }
}

/** Rapport: each socket signed in as its own user and subscribed to events.stream. */
export function rapportConnectionMemory(server: Child, tokens: string[]): Promise<ConnectionMemory> {
  return measure(server, tokens.length, (i) => subscribeToEvents(server.url, tokens[i] ?? '', () => undefined), 2000);
}

/** The baseline: bare `ws` sockets on a bare `ws` server. */
export function rawConnectionMemory(server: Child, connections: number): Promise<ConnectionMemory> {
  return measure(server, connections, () => openRawSocket(server.url, '/', () => undefined), 500);
}
