import { randomUUID } from 'node:crypto';
import type { RouterOutputs } from '@rapport/sdk';
import { cpuSince, cpuSnapshot, type CpuProbe, type CpuUse } from './cpu';
import { describeError } from './load';
import { field, openMany, openRawSocket, subscribeToEvents, type OpenSocket } from './sockets';
import { latency, sleep, type Latency } from './stats';
import type { BenchUser } from './users';

export const FANOUT_PLAN = { ratePerSecond: 10, warmupMessages: 5, measuredMessages: 50, drainMs: 5000 };

export interface FanoutFigures {
  subscribers: number;
  latency: Latency;
  /** Deliveries of measured messages: expected and seen. */
  expected: number;
  delivered: number;
  duplicates: number;
  sendErrors: Map<string, number>;
  /** CPU used from the first send until the last delivery (connection set-up excluded). */
  cpu: CpuUse;
}

type Message = RouterOutputs['chat']['send'];

/** One conversation's audience: who sends, and the tokens the subscribing sockets carry. */
export interface Room {
  sender: BenchUser;
  conversationId: string;
  /** One access token per socket; a user with several sockets appears several times. */
  socketTokens: string[];
}

const BODY = /^fanout (\d+)$/;

/** Counts deliveries per message index and the latency of each measured one. */
class Deliveries {
  readonly sentAt: number[] = [];
  readonly samples: number[] = [];
  private readonly seen: Set<number>[] = [];
  duplicates = 0;
  delivered = 0;

  constructor(private readonly subscribers: number) {
    for (let i = 0; i < subscribers; i++) this.seen.push(new Set());
  }

  record(subscriber: number, index: number, receivedAt: number): void {
    const seen = this.seen[subscriber];
    const sentAt = this.sentAt[index];
    if (seen === undefined || sentAt === undefined) return;
    if (seen.has(index)) {
      this.duplicates++;
      return;
    }
    seen.add(index);
    if (index < FANOUT_PLAN.warmupMessages) return;
    this.delivered++;
    this.samples.push(receivedAt - sentAt);
  }

  get expected(): number {
    return this.subscribers * FANOUT_PLAN.measuredMessages;
  }
}

/** Sends at a fixed rate, not waiting for replies; `send(i)` is timed from the moment it is called. */
async function paced(
  deliveries: Deliveries,
  probe: CpuProbe,
  send: (index: number) => Promise<unknown>,
): Promise<{ errors: Map<string, number>; cpu: CpuUse }> {
  const cpuBefore = await cpuSnapshot(probe);
  const errors = new Map<string, number>();
  const total = FANOUT_PLAN.warmupMessages + FANOUT_PLAN.measuredMessages;
  const interval = 1000 / FANOUT_PLAN.ratePerSecond;
  const start = performance.now();
  const inFlight: Promise<unknown>[] = [];
  for (let i = 0; i < total; i++) {
    const wait = start + i * interval - performance.now();
    if (wait > 0) await sleep(wait);
    deliveries.sentAt[i] = performance.now();
    inFlight.push(
      send(i).catch((error: unknown) => {
        const key = describeError(error);
        errors.set(key, (errors.get(key) ?? 0) + 1);
      }),
    );
  }
  await Promise.all(inFlight);
  const until = performance.now() + FANOUT_PLAN.drainMs;
  while (deliveries.delivered + deliveries.duplicates < deliveries.expected && performance.now() < until) await sleep(20);
  return { errors, cpu: await cpuSince(cpuBefore, probe) };
}

function figures(deliveries: Deliveries, subscribers: number, { errors, cpu }: { errors: Map<string, number>; cpu: CpuUse }): FanoutFigures {
  return {
    cpu,
    subscribers,
    latency: latency(deliveries.samples),
    expected: deliveries.expected,
    delivered: deliveries.delivered,
    duplicates: deliveries.duplicates,
    sendErrors: errors,
  };
}

function closeAll(sockets: OpenSocket[]): void {
  for (const socket of sockets) socket.close();
}

/** Rapport: the sender posts through the SDK; every socket is subscribed to events.stream. */
export async function rapportFanout(url: string, room: Room, probe: CpuProbe): Promise<FanoutFigures> {
  const deliveries = new Deliveries(room.socketTokens.length);
  const sockets = await openMany(room.socketTokens.length, (i) =>
    subscribeToEvents(url, room.socketTokens[i] ?? '', (event, receivedAt) => {
      if (field(event, 'type') !== 'message.created' || field(event, 'conversationId') !== room.conversationId) return;
      const match = BODY.exec(String(field(field(event, 'message'), 'body')));
      if (match) deliveries.record(i, Number(match[1]), receivedAt);
    }),
  );
  try {
    // Connecting announces presence to everyone sharing a conversation: let it pass.
    await sleep(1500);
    const sent = await paced(deliveries, probe, (i) =>
      room.sender.api.chat.send.mutate({ conversationId: room.conversationId, clientKey: randomUUID(), content: { kind: 'text', body: `fanout ${i}` } }),
    );
    return figures(deliveries, room.socketTokens.length, sent);
  } finally {
    closeAll(sockets);
  }
}

/**
 * The baseline: a bare `ws` server relays each frame from a publisher socket
 * to N sockets. The frame is what Rapport sends for the same message (the
 * tRPC envelope around a message.created event), so both sides parse the same JSON.
 */
export async function rawFanout(url: string, subscribers: number, sample: Message, probe: CpuProbe): Promise<FanoutFigures> {
  const deliveries = new Deliveries(subscribers);
  const sockets = await openMany(subscribers, (i) =>
    openRawSocket(url, '/', (frame, receivedAt) => {
      const event = field(field(field(frame, 'result'), 'data'), 'data');
      const match = BODY.exec(String(field(field(event, 'message'), 'body')));
      if (match) deliveries.record(i, Number(match[1]), receivedAt);
    }),
  );
  const publisher = await openRawSocket(url, '/publish', () => undefined);
  try {
    await sleep(500);
    const sent = await paced(deliveries, probe, async (i) => {
      const position = `${1_000_000 + i}:${2_000_000 + i}`;
      const message = { ...sample, id: randomUUID(), seq: sample.seq + i, body: `fanout ${i}`, clientKey: randomUUID() };
      const event = { type: 'message.created', at: new Date().toISOString(), conversationId: sample.conversationId, message };
      publisher.send(JSON.stringify({ id: 1, result: { type: 'data', id: position, data: { id: position, data: event } } }));
    });
    return figures(deliveries, subscribers, sent);
  } finally {
    publisher.close();
    closeAll(sockets);
  }
}
