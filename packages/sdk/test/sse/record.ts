import { expect } from 'vitest';
import type { EventStreamStatus, RapportClient, RapportError, RapportEvent } from '../../src/index';
import { eventually } from '../realtime/sdk-network';

/** What one `client.events.subscribe` delivered. */
export function record(client: RapportClient, lastEventId?: string) {
  const events: RapportEvent[] = [];
  const ids: string[] = [];
  const statuses: EventStreamStatus[] = [];
  const errors: RapportError[] = [];
  const subscription = client.events.subscribe({
    ...(lastEventId === undefined ? {} : { lastEventId }),
    onEvent(event, id) {
      // 'ready' marks the end of each backfill; these tests look at the rest.
      if (event.type === 'ready') return;
      events.push(event);
      ids.push(id);
    },
    onStatus: (status) => statuses.push(status),
    onError: (error) => errors.push(error),
  });
  const bodies = () => events.flatMap((e) => (e.type === 'message.created' ? [e.message.body] : []));
  return { events, ids, statuses, errors, subscription, bodies, live: () => eventually('a live stream', () => subscription.status() === 'live') };
}

/** Every id after the one before it, in the log's (xid, id) order. */
export function expectIncreasing(ids: string[]): void {
  const pairs = ids.map((id) => id.split(':').map(BigInt));
  for (let i = 1; i < pairs.length; i++) {
    const [xa = 0n, ia = 0n] = pairs[i - 1] ?? [];
    const [xb = 0n, ib = 0n] = pairs[i] ?? [];
    expect(xb > xa || (xb === xa && ib > ia), `${ids[i - 1]} then ${ids[i]}`).toBe(true);
  }
}
