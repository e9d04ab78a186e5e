import { eq, inArray, sql, users, type Database } from '@rapport/db';
import type { Logger } from '../logger';
import type { Bus, PresenceBeat } from './bus';
import { presenceAudience, visiblePresence } from './contacts';
import type { RapportEvent } from '../schemas/events';

const BEAT_MS = 5000;
// An instance that stops beating (crashed, partitioned) stops counting after this.
const REMOTE_TTL_MS = 3 * BEAT_MS;

export interface PresenceView {
  userId: string;
  online: boolean;
  lastSeenAt: string | null;
}

/**
 * Online means: at least one open event stream, on any instance. Each
 * instance counts its own streams and learns the others' from their beats and
 * announcements on the bus; nothing about "online" is stored. Last seen is
 * written when a user's last stream closes.
 */
export class Presence {
  private readonly local = new Map<string, number>();
  private readonly remote = new Map<string, Map<string, number>>();
  private timer: NodeJS.Timeout | null = null;
  private stopped = false;
  private readonly pending = new Set<Promise<void>>();

  constructor(
    private readonly db: Database,
    /** Realtime.publish: to subscribers here and on the other instances. */
    private readonly publish: (recipients: string[], actorId: string, event: RapportEvent) => void,
    private readonly bus: Bus,
    private readonly log: Logger,
  ) {}

  start(): void {
    this.timer = setInterval(() => {
      this.beatNow();
      this.purge();
    }, BEAT_MS);
    this.timer.unref();
  }

  /** On shutdown: finish what is in flight and record everyone still here as last seen now. */
  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.stopped = true;
    await Promise.allSettled(this.pending);
    const here = [...this.local.keys()];
    this.local.clear();
    if (here.length > 0) {
      await this.db
        .update(users)
        .set({ lastSeenAt: sql`now()` })
        .where(inArray(users.id, here))
        .catch((error: unknown) => this.log.warn('could not record last seen', { error }));
    }
  }

  private track(work: Promise<void>): void {
    this.pending.add(work);
    void work.finally(() => this.pending.delete(work));
  }

  /** Tells the other instances who is online here. */
  beatNow(): void {
    if (!this.stopped) this.bus.beat([...this.local.keys()]);
  }

  connected(userId: string): void {
    if (this.stopped) return;
    const count = this.local.get(userId) ?? 0;
    this.local.set(userId, count + 1);
    if (count === 0 && !this.onlineElsewhere(userId)) void this.announce(userId, true, null);
  }

  disconnected(userId: string): void {
    if (this.stopped) return;
    const count = (this.local.get(userId) ?? 1) - 1;
    if (count > 0) {
      this.local.set(userId, count);
      return;
    }
    this.local.delete(userId);
    if (this.onlineElsewhere(userId)) return;
    const lastSeenAt = new Date();
    this.track(
      this.db
        .update(users)
        .set({ lastSeenAt: sql`greatest(${users.lastSeenAt}, ${lastSeenAt.toISOString()}::timestamptz)` })
        .where(eq(users.id, userId))
        .then(() => this.announce(userId, false, lastSeenAt.toISOString()))
        .catch((error: unknown) => this.log.warn('could not record last seen', { error })),
    );
  }

  isOnline(userId: string): boolean {
    return this.local.has(userId) || this.onlineElsewhere(userId);
  }

  /** Presence of the given users, limited to those the viewer may see. */
  async lookup(viewerId: string, userIds: string[]): Promise<PresenceView[]> {
    const rows = await visiblePresence(this.db, viewerId, userIds);
    // In the order asked for, whatever order the database found them in.
    const position = new Map(userIds.map((id, i) => [id, i]));
    rows.sort((a, b) => (position.get(a.id) ?? 0) - (position.get(b.id) ?? 0));
    return rows.map((row) => ({
      userId: row.id,
      online: this.isOnline(row.id),
      lastSeenAt: row.last_seen_at?.toISOString() ?? null,
    }));
  }

  onBeat(beat: PresenceBeat): void {
    const until = Date.now() + REMOTE_TTL_MS;
    for (const userId of beat.online) this.remember(userId, beat.origin, until);
  }

  /** Another instance announced a change: keep our view of it current. */
  onRemoteAnnouncement(origin: string, userId: string, online: boolean): void {
    if (online) this.remember(userId, origin, Date.now() + REMOTE_TTL_MS);
    else this.remote.get(userId)?.delete(origin);
  }

  private remember(userId: string, origin: string, until: number): void {
    let origins = this.remote.get(userId);
    if (!origins) this.remote.set(userId, (origins = new Map()));
    origins.set(origin, until);
  }

  private onlineElsewhere(userId: string): boolean {
    const origins = this.remote.get(userId);
    if (!origins) return false;
    const now = Date.now();
    for (const until of origins.values()) if (until > now) return true;
    return false;
  }

  private purge(): void {
    const now = Date.now();
    for (const [userId, origins] of this.remote) {
      for (const [origin, until] of origins) if (until <= now) origins.delete(origin);
      if (origins.size === 0) this.remote.delete(userId);
    }
  }

  private announce(userId: string, online: boolean, lastSeenAt: string | null): Promise<void> {
    if (this.stopped) return Promise.resolve();
    const work = presenceAudience(this.db, userId)
      .then((recipients) => {
        const event = { type: 'presence' as const, at: new Date().toISOString(), userId, online, lastSeenAt };
        this.publish(recipients, userId, event);
      })
      .catch((error: unknown) => this.log.warn('could not announce presence', { error }));
    this.track(work);
    return work;
  }
}
