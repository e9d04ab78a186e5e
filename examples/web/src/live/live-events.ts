import type { EventStreamStatus, EventSubscription, RapportClient, RapportEvent } from '@rapport/sdk';
import type { EventCursor } from '../storage/event-cursor';

export interface LiveEventHandlers {
  /** Each event once, in order. Throwing leaves the cursor where it was, so a reload replays the event. */
  onEvent(event: RapportEvent): void;
  /** The server no longer has our place in its log: reload what is shown. */
  onResync(): void;
  onStatus(status: EventStreamStatus): void;
}

/**
 * Opens the SDK's event stream from where this user's last page left off.
 *
 * The SDK resumes after a dropped socket by itself; what it cannot know is
 * where the previous page load stopped. So the id of every event is saved
 * once the event has been applied, and given back as `lastEventId` on the next
 * load: the server replays what happened in between (a message sent while the
 * page was reloading included), and nothing the page already applied.
 */
export function openLiveEvents(client: RapportClient, cursor: EventCursor, handlers: LiveEventHandlers): EventSubscription {
  const options = {
    onEvent: (event: RapportEvent, id: string) => {
      handlers.onEvent(event);
      cursor.save(id);
    },
    onResync: (_event: RapportEvent, id: string) => {
      handlers.onResync();
      cursor.save(id);
    },
    onStatus: (status: EventStreamStatus) => handlers.onStatus(status),
  };
  const lastEventId = cursor.load();
  if (lastEventId === null) return client.events.subscribe(options);
  try {
    return client.events.subscribe({ ...options, lastEventId });
  } catch {
    // Not an id the stream could have given (a damaged entry): start from
    // now, and treat it as a resync, since what was missed is unknown.
    cursor.clear();
    handlers.onResync();
    return client.events.subscribe(options);
  }
}
