import type { RouterOutputs } from '../../src/index';
import type { TestUser } from '../harness';

export type StreamEvent = RouterOutputs['events']['stream'] extends AsyncIterable<infer T> ? T : never;

/** What a test subscriber has seen: tracked ids and events, in arrival order. */
export interface Listener {
  ids: string[];
  events: StreamEvent['data'][];
  errors: unknown[];
  /** Resolves once `predicate` holds for the received events (or rejects after `ms`). */
  until(predicate: (events: StreamEvent['data'][]) => boolean, ms?: number): Promise<void>;
  lastId(): string | undefined;
  stop(): void;
}

/**
 * The cursor before every event: resuming from it replays all the log holds
 * for the user. Test users are new, so that is exactly their own events, and
 * nothing sent right after subscribing can slip past before the stream attaches.
 */
export const FROM_THE_START = '0:0';

/** Subscribes `user` to events.stream through the SDK's WebSocket, from the start of the log unless told otherwise. */
export function listen(user: TestUser, lastEventId: string = FROM_THE_START): Listener {
  const ids: string[] = [];
  const events: StreamEvent['data'][] = [];
  const errors: unknown[] = [];
  const waiters = new Set<() => void>();
  const subscription = user.api.events.stream.subscribe({ lastEventId }, {
    onData(item) {
      // 'ready' only marks the end of the backfill; tests look at the events around it.
      if (item.data.type === 'ready') return;
      ids.push(item.id);
      events.push(item.data);
      for (const wake of waiters) wake();
    },
    onError(error) {
      errors.push(error);
      for (const wake of waiters) wake();
    },
  });
  return {
    ids,
    events,
    errors,
    lastId: () => ids[ids.length - 1],
    stop: () => subscription.unsubscribe(),
    until(predicate, ms = 10_000) {
      return new Promise<void>((resolve, reject) => {
        const check = () => {
          if (predicate(events)) {
            waiters.delete(check);
            clearTimeout(timer);
            resolve();
          }
        };
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(new Error(`timed out after ${ms} ms; received ${JSON.stringify(events.map((e) => e.type))}; errors ${errors.length}`));
        }, ms);
        waiters.add(check);
        check();
      });
    },
  };
}
