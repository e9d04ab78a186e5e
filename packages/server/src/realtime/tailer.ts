import type { Database } from '@rapport/db';
import type { Logger } from '../logger';
import type { Hub } from './hub';
import { logBounds, oldestPendingAgeMs, readLog } from './log-reader';
import { START, type Position } from './position';

const BATCH = 500;
const RETRY_AFTER_ERROR_MS = 1000;
// While a transaction elsewhere holds events back, the tailer looks again
// this soon, doubling up to the cap: delivery follows the end of the
// hold-back within milliseconds instead of waiting for the next poll, and a
// long batch job costs a few cheap reads a second, not a busy loop.
const HELD_BACK_FIRST_RECHECK_MS = 2;
const HELD_BACK_MAX_RECHECK_MS = 25;
// A hold-back this long is worth an operator's attention (docs/ARCHITECTURE.md, "Event log":
// long write transactions delay delivery for every instance).
const HELD_BACK_WARN_MS = 10_000;

/** How far behind the committed log this instance's delivery is. */
export interface TailerLag {
  /** How long the oldest committed but undelivered event has waited (0 when none). */
  lagMs: number;
  /** True while committed events wait behind a transaction still open elsewhere. */
  heldBack: boolean;
  /** Milliseconds since the tailer last finished reading the log. */
  sinceLastReadMs: number;
}

/**
 * One per server instance: reads the event log in commit-safe order and hands
 * each event to the hub. It is woken at once by writes on this instance and
 * by the doorbell of other instances, and polls as a safety net.
 */
export class Tailer {
  private current: Position = START;
  private running = false;
  private wakeUp: (() => void) | null = null;
  private pendingWake = false;
  private loop: Promise<void> | null = null;
  private lastReadAt = 0;
  private pendingAgeMs: number | null = null;
  private recheckMs = HELD_BACK_FIRST_RECHECK_MS;
  private warnedHeldBack = false;

  constructor(
    private readonly db: Database,
    private readonly hub: Hub,
    private readonly pollMs: number,
    private readonly log: Logger,
  ) {}

  /** Everything at or before this has been handed to the hub. */
  get position(): Position {
    return this.current;
  }

  async start(): Promise<void> {
    this.current = (await logBounds(this.db)).newest;
    this.running = true;
    this.loop = this.run();
  }

  get lag(): TailerLag {
    return { lagMs: Math.round(this.pendingAgeMs ?? 0), heldBack: this.pendingAgeMs !== null, sinceLastReadMs: Date.now() - this.lastReadAt };
  }

  wake(): void {
    this.pendingWake = true;
    this.wakeUp?.();
  }

  async stop(): Promise<void> {
    this.running = false;
    this.wakeUp?.();
    await this.loop;
  }

  private async run(): Promise<void> {
    while (this.running) {
      this.pendingWake = false;
      let full: boolean;
      try {
        const entries = await readLog(this.db, { after: this.current, limit: BATCH });
        for (const entry of entries) {
          this.hub.dispatch(entry);
          this.current = entry.position;
        }
        full = entries.length === BATCH;
        if (!full) this.notePending(await oldestPendingAgeMs(this.db, this.current));
        this.lastReadAt = Date.now();
      } catch (error) {
        if (!this.running) return;
        this.log.error('event tailer read failed', { error });
        await this.sleep(RETRY_AFTER_ERROR_MS);
        continue;
      }
      if (full || this.pendingWake) continue;
      if (this.pendingAgeMs !== null) {
        await this.sleep(this.recheckMs);
        this.recheckMs = Math.min(this.recheckMs * 2, HELD_BACK_MAX_RECHECK_MS);
      } else {
        await this.sleep(this.pollMs);
      }
    }
  }

  /** Records what the read left behind: events committed past the watermark, if any. */
  private notePending(ageMs: number | null): void {
    this.pendingAgeMs = ageMs;
    if (ageMs === null) {
      this.recheckMs = HELD_BACK_FIRST_RECHECK_MS;
      if (this.warnedHeldBack) this.log.info('event delivery resumed after a hold-back');
      this.warnedHeldBack = false;
      return;
    }
    if (ageMs >= HELD_BACK_WARN_MS && !this.warnedHeldBack) {
      this.warnedHeldBack = true;
      this.log.warn('event delivery held back by an open transaction', { lagMs: Math.round(ageMs) });
    }
  }

  private sleep(ms: number): Promise<void> {
    return new Promise<void>((resolve) => {
      const timer = setTimeout(done, ms);
      function done() {
        clearTimeout(timer);
        resolve();
      }
      this.wakeUp = () => {
        this.wakeUp = null;
        done();
      };
    });
  }
}
