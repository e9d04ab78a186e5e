import { AppError } from '../errors';
import type { RapportEvent } from '../schemas/events';
import type { Position } from './position';

export interface Delivery {
  /** Null for ephemeral events (typing, presence): they have no place in the log. */
  position: Position | null;
  event: RapportEvent;
}

/**
 * What the hub saw for a subscriber whose blocks and circles were still
 * loading, in log order: replayed against them once they are in (settle).
 */
export type Held =
  | { kind: 'deliver'; actorId: string | null; delivery: Delivery }
  /** A circle event: delivered only if the subscriber turns out to be in the circle. */
  | { kind: 'circle'; circleId: string; actorId: string | null; delivery: Delivery }
  | { kind: 'block'; other: string; blocked: boolean }
  | { kind: 'membership'; circleId: string; joined: boolean };

/**
 * One open `events.stream`: a bounded queue between the tailer (which must
 * never wait on a slow socket) and the subscription's generator.
 */
export class Subscriber {
  private readonly queue: Delivery[] = [];
  private wakeReader: (() => void) | null = null;
  private ending: { error: Error | null } | null = null;
  /** Users who block this one or whom this one blocks: their events never arrive. */
  readonly blocked = new Set<string>();
  /** The circles this user is in, whose feeds they receive. */
  readonly circles = new Set<string>();
  // Non-null until settle(): the subscriber is attached (nothing dispatched
  // from then on can pass it by) but does not yet know whom it blocks or
  // which circles it is in, so the hub holds what it sees for it here.
  private held: Held[] | null = [];

  constructor(
    readonly userId: string,
    readonly sessionId: string,
    private readonly queueLimit: number,
  ) {}

  /** True until settle(): the hub holds this subscriber's events instead of judging them. */
  get loading(): boolean {
    return this.held !== null;
  }

  /** While loading: keeps what the hub saw, in order, within the same bound as the queue. */
  hold(item: Held): void {
    if (this.ending || this.held === null) return;
    if (this.held.length >= this.queueLimit) {
      this.fellBehind();
      return;
    }
    this.held.push(item);
  }

  /**
   * The loaded blocks and circles arrive: what was held is judged against
   * them in log order, applying the block and membership changes it holds
   * as it goes. The loads read the database after the subscriber attached,
   * so they already reflect changes committed before that; replaying one
   * again is harmless, as each sets a state rather than toggling it.
   */
  settle(blocked: Iterable<string>, circles: Iterable<string>): void {
    const held = this.held ?? [];
    this.held = null;
    for (const id of blocked) this.blocked.add(id);
    for (const id of circles) this.circles.add(id);
    for (const item of held) {
      if (item.kind === 'block') {
        if (item.blocked) this.blocked.add(item.other);
        else this.blocked.delete(item.other);
      } else if (item.kind === 'membership') {
        if (item.joined) this.circles.add(item.circleId);
        else this.circles.delete(item.circleId);
      } else if (item.kind === 'deliver' || this.circles.has(item.circleId)) {
        this.offer(item.actorId, item.delivery);
      }
    }
  }

  /** Delivers unless the actor is blocked either way (one's own events always arrive). */
  offer(actorId: string | null, delivery: Delivery): void {
    if (actorId !== null && actorId !== this.userId && this.blocked.has(actorId)) return;
    this.deliver(delivery);
  }

  deliver(delivery: Delivery): void {
    if (this.ending) return;
    if (this.queue.length >= this.queueLimit) {
      this.fellBehind();
      return;
    }
    this.queue.push(delivery);
    this.wakeReader?.();
  }

  private fellBehind(): void {
    // Falling this far behind means the client is not reading; it resumes
    // from its last event id when it reconnects, losing nothing.
    this.end(new AppError('TOO_MANY_REQUESTS', 'This event stream fell too far behind. Reconnect to resume from your last event.', { retryAfterSeconds: 1 }));
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
