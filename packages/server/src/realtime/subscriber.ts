import { AppError } from '../errors';
import type { RapportEvent } from '../schemas/events';
import type { Position } from './position';

export interface Delivery {
  /** Null for ephemeral events (typing, presence): they have no place in the log. */
  position: Position | null;
  event: RapportEvent;
}

/**
 * One open `events.stream`: a bounded queue between the tailer (which must
 * never wait on a slow socket) and the subscription's generator.
 */
export class Subscriber {
  private readonly queue: Delivery[] = [];
  private wakeReader: (() => void) | null = null;
  private ending: { error: Error | null } | null = null;

  constructor(
    readonly userId: string,
    readonly sessionId: string,
    /** Users who block this one or whom this one blocks: their events never arrive. */
    readonly blocked: Set<string>,
    private readonly queueLimit: number,
  ) {}

  deliver(delivery: Delivery): void {
    if (this.ending) return;
    if (this.queue.length >= this.queueLimit) {
      // Falling this far behind means the client is not reading; it resumes
      // from its last event id when it reconnects, losing nothing.
      this.end(new AppError('TOO_MANY_REQUESTS', 'This event stream fell too far behind. Reconnect to resume from your last event.', { retryAfterSeconds: 1 }));
      return;
    }
    this.queue.push(delivery);
    this.wakeReader?.();
  }

  /** Ends the stream: cleanly (null) or with an error the client sees. */
  end(error: Error | null): void {
    if (this.ending) return;
    this.ending = { error };
    this.wakeReader?.();
  }

  get ended(): boolean {
    return this.ending !== null;
  }

  /**
   * The next delivery, waiting for one; null once the stream has ended
   * cleanly, a throw if it ended with an error. A method rather than an
   * async generator: every idle stream is parked here, and a generator's
   * chain of promises and closures per stream is memory held for nothing.
   */
  async next(): Promise<Delivery | null> {
    for (;;) {
      const item = this.queue.shift();
      if (item) return item;
      if (this.ending) {
        if (this.ending.error) throw this.ending.error;
        return null;
      }
      await new Promise<void>((resolve) => {
        this.wakeReader = resolve;
      });
      this.wakeReader = null;
    }
  }
}
