import type { BlockPayload } from '../domain/events/definitions';
import type { RapportEvent } from '../schemas/events';
import type { CircleMembership, LogEntry } from './log-reader';
import type { Position } from './position';
import type { Delivery, Subscriber } from './subscriber';

/**
 * The subscribers open on this server instance, by user and by circle. The
 * tailer hands it each committed event once; it routes it in memory to the
 * recipients who are connected here. Nothing here queries the database per
 * event: a circle's connected members come from an index kept in memory,
 * loaded per subscriber when it connects and moved by `circle.joined` /
 * `circle.left` in log order (docs/ARCHITECTURE.md, "Event log").
 */
export class Hub {
  private readonly byUser = new Map<string, Set<Subscriber>>();
  private readonly byCircle = new Map<string, Set<Subscriber>>();
  // Attached, but their blocks and circles not yet in: they hold every
  // circle event, since nobody knows yet whether they are in the circle.
  private readonly loading = new Set<Subscriber>();

  /**
   * From this call on, nothing dispatched passes the subscriber by: until
   * `settle`, the hub holds what it sees for it, to be judged once its
   * blocks and circles are loaded.
   */
  attach(subscriber: Subscriber): void {
    let set = this.byUser.get(subscriber.userId);
    if (!set) this.byUser.set(subscriber.userId, (set = new Set()));
    set.add(subscriber);
    if (subscriber.loading) this.loading.add(subscriber);
  }

  /** The subscriber's blocks and circles, loaded after attach: what was held is judged, and its feeds start. */
  settle(subscriber: Subscriber, blocked: Iterable<string>, circles: Iterable<string>): void {
    if (!this.loading.delete(subscriber)) return;
    subscriber.settle(blocked, circles);
    for (const circleId of subscriber.circles) this.index(circleId, subscriber, true);
  }

  detach(subscriber: Subscriber): void {
    this.loading.delete(subscriber);
    for (const circleId of subscriber.circles) this.index(circleId, subscriber, false);
    const set = this.byUser.get(subscriber.userId);
    if (!set) return;
    set.delete(subscriber);
    if (set.size === 0) this.byUser.delete(subscriber.userId);
  }

  subscribersOf(userId: string): ReadonlySet<Subscriber> {
    return this.byUser.get(userId) ?? new Set();
  }

  /** How many subscribers here follow the circle's feed. */
  connectedTo(circleId: string): number {
    return this.byCircle.get(circleId)?.size ?? 0;
  }

  all(): Subscriber[] {
    return [...this.byUser.values()].flatMap((set) => [...set]);
  }

  /** Called by the tailer for every committed event, in log order. */
  dispatch(entry: LogEntry): void {
    if (entry.block) this.applyBlock(entry.block.type, entry.block.payload);
    // Before routing: a member removed stops receiving with the event that removes them.
    if (entry.membership) this.applyMembership(entry.membership);
    const { event } = entry;
    if (event === null) return;
    const delivery = { position: entry.position, event };
    this.route(entry.recipients, entry.actorId, delivery);
    if (entry.circleId !== null) this.routeToCircle(entry.circleId, entry.recipients, entry.actorId, delivery);
  }

  /** Typing and presence: delivered to whoever is connected here, never stored. */
  deliverEphemeral(recipients: string[], actorId: string, event: RapportEvent): void {
    this.route(recipients, actorId, { position: null, event });
  }

  private route(recipients: string[], actorId: string | null, delivery: { position: Position | null; event: RapportEvent }): void {
    for (const userId of recipients) {
      const set = this.byUser.get(userId);
      if (!set) continue;
      for (const subscriber of set) {
        if (subscriber.loading) subscriber.hold({ kind: 'deliver', actorId, delivery });
        else subscriber.offer(actorId, delivery);
      }
    }
  }

  /** The circle's connected members (those the explicit recipients already reached aside). */
  private routeToCircle(circleId: string, recipients: string[], actorId: string | null, delivery: Delivery): void {
    const reached = recipients.length === 0 ? null : new Set(recipients);
    for (const subscriber of this.byCircle.get(circleId) ?? []) {
      if (reached?.has(subscriber.userId) !== true) subscriber.offer(actorId, delivery);
    }
    for (const subscriber of this.loading) {
      if (reached?.has(subscriber.userId) !== true) subscriber.hold({ kind: 'circle', circleId, actorId, delivery });
    }
  }

  private applyMembership({ type, circleId, userId }: CircleMembership): void {
    const joined = type === 'circle.joined';
    for (const subscriber of this.subscribersOf(userId)) {
      if (subscriber.loading) {
        subscriber.hold({ kind: 'membership', circleId, joined });
        continue;
      }
      if (joined) subscriber.circles.add(circleId);
      else subscriber.circles.delete(circleId);
      this.index(circleId, subscriber, joined);
    }
  }

  private index(circleId: string, subscriber: Subscriber, present: boolean): void {
    let set = this.byCircle.get(circleId);
    if (present) {
      if (!set) this.byCircle.set(circleId, (set = new Set()));
      set.add(subscriber);
    } else if (set) {
      set.delete(subscriber);
      if (set.size === 0) this.byCircle.delete(circleId);
    }
  }

  private applyBlock(type: 'connection.blocked' | 'connection.unblocked', payload: BlockPayload): void {
    // An unblock lifts the pair only when the other side does not block too;
    // the event says which, so this stays synchronous and in log order.
    if (type === 'connection.unblocked' && payload.stillBlocked === true) return;
    const blocked = type === 'connection.blocked';
    for (const [me, other] of [
      [payload.blockerId, payload.blockedId],
      [payload.blockedId, payload.blockerId],
    ] as const) {
      for (const subscriber of this.subscribersOf(me)) {
        if (subscriber.loading) subscriber.hold({ kind: 'block', other, blocked });
        else if (blocked) subscriber.blocked.add(other);
        else subscriber.blocked.delete(other);
      }
    }
  }
}
