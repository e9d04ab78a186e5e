import type { Database } from '@rapport/db';
import type { Logger } from '../logger';
import type { Hub } from './hub';
import { logHead, readLog } from './log-reader';
import { START, type Position } from './position';

const BATCH = 500;
const RETRY_AFTER_ERROR_MS = 1000;

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
  /** When the tailer last finished a read: its lag is now minus this. */
  lastReadAt = 0;

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
    this.current = await logHead(this.db);
    this.running = true;
    this.loop = this.run();
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
        this.lastReadAt = Date.now();
        full = entries.length === BATCH;
      } catch (error) {
        if (!this.running) return;
        this.log.error('event tailer read failed', { error });
        await this.sleep(RETRY_AFTER_ERROR_MS);
        continue;
      }
      if (!full && !this.pendingWake) await this.sleep(this.pollMs);
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
