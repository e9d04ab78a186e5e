import type { inferRouterOutputs } from '@trpc/server';
import type { RapportError } from './errors';
import type { AppRouter } from './router';

type StreamItem = inferRouterOutputs<AppRouter>['events']['stream'] extends AsyncIterable<infer T> ? T : never;

/** Every event `events.stream` delivers; switch on `event.type` to narrow it. */
export type RapportEvent = StreamItem['data'];
export type RapportEventType = RapportEvent['type'];
/** One member of the union: `RapportEventOf<'message.created'>`. */
export type RapportEventOf<T extends RapportEventType> = Extract<RapportEvent, { type: T }>;

/**
 * - `connecting`: the first subscribe has not been confirmed yet;
 * - `live`: the server has confirmed it; events flow;
 * - `reconnecting`: the connection dropped or the server cut the stream off;
 *   it resumes by itself from the last event delivered;
 * - `ended`: it will not come back (session over, or the client closed).
 */
export type EventStreamStatus = 'connecting' | 'live' | 'reconnecting' | 'ended';

export interface EventSubscriptionOptions {
  /** Each event once, in order. `id` is where to resume from; keep it if you persist state. */
  onEvent(event: RapportEvent, id: string): void;
  onStatus?(status: EventStreamStatus): void;
  /**
   * The resume point was older than the server's log keeps: reload your
   * conversations, then carry on. Given this, a resync does not also go to
   * `onEvent`.
   */
  onResync?(event: RapportEventOf<'resync'>, id: string): void;
  /** Why the stream ended by itself, just before the status becomes `ended`. */
  onError?(error: RapportError): void;
  /** Resume after this id (one an earlier subscription gave you); omit for "from now". */
  lastEventId?: string;
}

export interface EventSubscription {
  /** Stops the stream. No callback runs after this. */
  unsubscribe(): void;
  /** The id of the last event delivered (or the one you started from). */
  lastEventId(): string | undefined;
  status(): EventStreamStatus;
}

export interface RapportEvents {
  /**
   * Opens `events.stream` with the current access token, over the client's
   * WebSocket or as Server-Sent Events (`eventsTransport`), and keeps it
   * open: after a dropped connection, a server restart, a stream the server
   * cut off or a move from a blocked WebSocket to SSE, it resumes from the
   * last event it delivered, so you get each event once, in order. Throws if
   * the client has neither transport (pass `WebSocket` or `EventSource` to
   * createRapportClient) or `lastEventId` is not an id the stream gave.
   */
  subscribe(options: EventSubscriptionOptions): EventSubscription;
}

/** Typing, presence and ready are never stored: they carry the last stored event's id, not one of their own. */
const EPHEMERAL_TYPES: ReadonlySet<RapportEventType> = new Set<RapportEventType>(['typing', 'presence', 'ready']);

export function isEphemeralEvent(event: RapportEvent): boolean {
  return EPHEMERAL_TYPES.has(event.type);
}
