import type { DatabaseHandle } from '@rapport/db';
import type { Config } from '../config';
import { AppError } from '../errors';
import { LIMITS } from '../limits';
import type { Logger } from '../logger';
import type { Publisher } from '../domain/events/publisher';
import { liveSessionIds } from '../domain/sessions';
import { Bus } from './bus';
import { Hub } from './hub';
import { pruneLog } from './log-reader';
import { Presence } from './presence';
import type { Subscriber } from './subscriber';
import { Tailer } from './tailer';
import type { RapportEvent } from '../schemas/events';

const PRUNE_EVERY_MS = 60_000;

/**
 * Everything realtime on one server instance: the tailer and hub that carry
 * the event log to subscribers, the bus to other instances, presence, and the
 * watch that ends streams whose session was revoked.
 */
export class Realtime implements Publisher {
  readonly hub = new Hub();
  readonly bus: Bus;
  readonly tailer: Tailer;
  readonly presence: Presence;
  private readonly timers: NodeJS.Timeout[] = [];
  private readonly socketsByUser = new Map<string, number>();

  constructor(
    private readonly database: DatabaseHandle,
    private readonly config: Config,
    private readonly log: Logger,
  ) {
    this.bus = new Bus(database.kind === 'postgres' ? database.notifier : null, log);
    this.tailer = new Tailer(database.db, this.hub, config.realtime.pollMs, log);
    this.presence = new Presence(database.db, (recipients, actorId, event) => this.publish(recipients, actorId, event), this.bus, log);
  }

  async start(): Promise<void> {
    await this.tailer.start();
    await this.bus.start({
      onDoorbell: () => this.tailer.wake(),
      onNewPeer: () => this.presence.beatNow(),
      onBeat: (beat) => this.presence.onBeat(beat),
      onEphemeral: (message) => {
        if (message.event.type === 'presence') this.presence.onRemoteAnnouncement(message.origin, message.event.userId, message.event.online);
        this.hub.deliverEphemeral(message.recipients, message.actorId, message.event);
      },
    });
    this.presence.start();
    this.every(this.config.realtime.sessionCheckMs, () => this.endRevokedStreams());
    this.every(PRUNE_EVERY_MS, () => this.prune());
  }

  async stop(): Promise<void> {
    for (const timer of this.timers) clearInterval(timer);
    for (const subscriber of this.hub.all()) subscriber.end(null);
    await this.presence.stop();
    await this.tailer.stop();
    await this.bus.stop();
  }

  /** Call after committing events: this instance reads them now, the others when the doorbell rings. */
  written(): void {
    this.tailer.wake();
    this.bus.ring();
  }

  /** Typing and other ephemeral signals: to local subscribers now, to other instances over the bus. */
  publish(recipients: string[], actorId: string, event: RapportEvent): void {
    this.hub.deliverEphemeral(recipients, actorId, event);
    this.bus.publish({ recipients, actorId, event });
  }

  attach(subscriber: Subscriber): void {
    this.hub.attach(subscriber);
    this.presence.connected(subscriber.userId);
  }

  detach(subscriber: Subscriber): void {
    this.hub.detach(subscriber);
    this.presence.disconnected(subscriber.userId);
  }

  /**
   * Counts a user's open sockets on this instance (an SSE stream counts as
   * one); refuses one past the cap. Returns the release to call when the
   * socket or the stream's request closes.
   */
  admitSocket(userId: string): () => void {
    const open = this.socketsByUser.get(userId) ?? 0;
    if (open >= LIMITS.connectionsPerUser) {
      throw new AppError('TOO_MANY_REQUESTS', `Too many open connections for this account (at most ${LIMITS.connectionsPerUser}). Close another tab or device first.`, {
        retryAfterSeconds: 5,
      });
    }
    this.socketsByUser.set(userId, open + 1);
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const left = (this.socketsByUser.get(userId) ?? 1) - 1;
      if (left > 0) this.socketsByUser.set(userId, left);
      else this.socketsByUser.delete(userId);
    };
  }

  /** A user's open sockets and SSE streams on this instance: what the cap counts. */
  connectionsOf(userId: string): number {
    return this.socketsByUser.get(userId) ?? 0;
  }

  /** Ends, with SESSION_ENDED, every stream whose session was signed out or expired. */
  async endRevokedStreams(): Promise<void> {
    const subscribers = this.hub.all();
    const live = await liveSessionIds(this.database.db, [...new Set(subscribers.map((s) => s.sessionId))]);
    for (const subscriber of subscribers) {
      if (!live.has(subscriber.sessionId)) {
        subscriber.end(new AppError('UNAUTHORIZED', 'This session has ended. Sign in again.', { reason: 'SESSION_ENDED' }));
      }
    }
  }

  async prune(): Promise<number> {
    let total = 0;
    for (let removed = -1; removed !== 0; total += removed) {
      removed = await pruneLog(this.database.db, this.config.realtime.retentionSeconds);
    }
    return total;
  }

  private every(ms: number, task: () => Promise<unknown>): void {
    let busy = false;
    const timer = setInterval(() => {
      if (busy) return;
      busy = true;
      task()
        .catch((error: unknown) => this.log.warn('realtime housekeeping failed', { error }))
        .finally(() => {
          busy = false;
        });
    }, ms);
    timer.unref();
    this.timers.push(timer);
  }
}
