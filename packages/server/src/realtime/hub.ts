import type { BlockPayload } from '../domain/events/definitions';
import type { RapportEvent } from '../schemas/events';
import type { LogEntry } from './log-reader';
import type { Position } from './position';
import type { Subscriber } from './subscriber';

/**
 * The subscribers open on this server instance, by user. The tailer hands it
 * each committed event once; it routes it in memory to the recipients who are
 * connected here. Nothing here queries the database per event.
 */
export class Hub {
  private readonly byUser = new Map<string, Set<Subscriber>>();

  attach(subscriber: Subscriber): void {
    let set = this.byUser.get(subscriber.userId);
    if (!set) this.byUser.set(subscriber.userId, (set = new Set()));
    set.add(subscriber);
  }

  detach(subscriber: Subscriber): void {
    const set = this.byUser.get(subscriber.userId);
    if (!set) return;
    set.delete(subscriber);
    if (set.size === 0) this.byUser.delete(subscriber.userId);
  }

  subscribersOf(userId: string): ReadonlySet<Subscriber> {
    return this.byUser.get(userId) ?? new Set();
  }

  all(): Subscriber[] {
    return [...this.byUser.values()].flatMap((set) => [...set]);
  }

  /** Called by the tailer for every committed event, in log order. */
  dispatch(entry: LogEntry): void {
    if (entry.block) this.applyBlock(entry.block.type, entry.block.payload);
    const { event } = entry;
    if (event === null) return;
    this.route(entry.recipients, entry.actorId, { position: entry.position, event });
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
        if (actorId !== null && actorId !== userId && subscriber.blocked.has(actorId)) continue;
        subscriber.deliver(delivery);
      }
    }
  }

  private applyBlock(type: 'connection.blocked' | 'connection.unblocked', payload: BlockPayload): void {
    // An unblock lifts the pair only when the other side does not block too;
    // the event says which, so this stays synchronous and in log order.
    if (type === 'connection.unblocked' && payload.stillBlocked === true) return;
    for (const [me, other] of [
      [payload.blockerId, payload.blockedId],
      [payload.blockedId, payload.blockerId],
    ] as const) {
      for (const subscriber of this.subscribersOf(me)) {
        if (type === 'connection.blocked') subscriber.blocked.add(other);
        else subscriber.blocked.delete(other);
      }
    }
  }
}
