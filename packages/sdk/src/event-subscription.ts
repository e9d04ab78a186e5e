import type { TRPCClient } from '@trpc/client';
import { callApp } from './app-callback';
import { backoffDelay, type BackoffOptions } from './backoff';
import type { RapportError } from './errors';
import { compareEventPositions, parseEventId, type EventPosition } from './event-id';
import type { StreamTransport } from './events-transport';
import { isEphemeralEvent, type EventStreamStatus, type EventSubscription, type EventSubscriptionOptions, type RapportEvent, type RapportEvents } from './events';
import { retryAfterMs, retryVerdict } from './retry-policy';
import type { AppRouter } from './router';
import type { StoredSession } from './storage';

export interface EventsDeps {
  api: TRPCClient<AppRouter>;
  /** Where a stream starting now goes (read at every start); null when the client has neither transport. */
  transport(): StreamTransport | null;
  /** The client's single-flight refresh; false when the session could not be refreshed. */
  refresh(): Promise<boolean>;
  session(): Promise<StoredSession | null>;
  /** Forgets the stored session and tells the app (once). */
  endSession(): Promise<void>;
  backoff: BackoffOptions;
}

interface OpenSubscription {
  /** Ends it as the client closes: status `ended`, no error. */
  close(): void;
  /** Where its server stream is open now; null while it waits to start again. */
  openOn(): StreamTransport | null;
  /** Opens it again from its last event, on the transport it would start on now. */
  restart(): void;
}

/** What the client calls in the events it drives: closing, and the two reasons to reopen streams. */
export interface EventsControl {
  events: RapportEvents;
  closeAll(): void;
  /**
   * The WebSocket was given up for SSE: streams still waiting on it move,
   * from their last event, so nothing is lost or delivered twice.
   */
  moveOffWebSocket(): void;
  /**
   * The stored access token changed (refresh, sign-in, sign-out). An SSE
   * stream carries the token it opened with in its URL; reopening makes its
   * next reconnect carry the current one, as a WebSocket's does.
   */
  tokenChanged(): void;
}

export function createEvents(deps: EventsDeps): EventsControl {
  const open = new Set<OpenSubscription>();
  let closed = false;
  const events: RapportEvents = {
    subscribe(options) {
      if (deps.transport() === null) {
        throw new Error(
          'events.subscribe needs a WebSocket or an EventSource: pass `WebSocket` (the ws package on Node) or `EventSource` (the eventsource package on Node) to createRapportClient, to suit `eventsTransport`.',
        );
      }
      if (options.lastEventId !== undefined && parseEventId(options.lastEventId) === null) {
        throw new Error(`lastEventId "${options.lastEventId}" is not an id events.stream gave.`);
      }
      const subscription = subscribe(deps, options, () => closed, (self) => open.delete(self));
      open.add(subscription);
      return subscription;
    },
  };
  return {
    events,
    closeAll() {
      closed = true;
      for (const subscription of open) subscription.close();
    },
    moveOffWebSocket() {
      for (const subscription of [...open]) if (subscription.openOn() === 'websocket') subscription.restart();
    },
    tokenChanged() {
      for (const subscription of [...open]) if (subscription.openOn() === 'sse') subscription.restart();
    },
  };
}

function subscribe(
  deps: EventsDeps,
  options: EventSubscriptionOptions,
  clientClosed: () => boolean,
  forget: (self: OpenSubscription) => void,
): EventSubscription & OpenSubscription {
  let cursorText = options.lastEventId;
  let cursor: EventPosition | null = cursorText === undefined ? null : parseEventId(cursorText);
  let status: EventStreamStatus = 'connecting';
  let done = false;
  let attempt = 0;
  let timer: ReturnType<typeof setTimeout> | null = null;
  // Each server subscription gets a generation; callbacks of an earlier one
  // (already ended, or being replaced) are ignored, so exactly one is live.
  let generation = 0;
  let current: { unsubscribe(): void; via: StreamTransport } | null = null;

  const setStatus = (next: EventStreamStatus) => {
    if (next === status || done) return;
    status = next;
    callApp(() => options.onStatus?.(next));
  };

  const stop = () => {
    done = true;
    generation++;
    if (timer !== null) clearTimeout(timer);
    timer = null;
    current?.unsubscribe();
    current = null;
    forget(self);
  };

  const end = (error: RapportError | null) => {
    if (done) return;
    if (error !== null) callApp(() => options.onError?.(error));
    status = 'ended';
    callApp(() => options.onStatus?.('ended'));
    stop();
  };

  const deliver = (id: string, event: RapportEvent) => {
    const position = parseEventId(id);
    // The server only sends "xid:id"; anything else must not become the cursor.
    if (position === null) return;
    const later = cursor === null || compareEventPositions(position, cursor) > 0;
    if (event.type === 'resync') {
      // The server restarts the cursor here: everything before it is gone.
      cursor = position;
      cursorText = id;
      callApp(() => (options.onResync ? options.onResync(event, id) : options.onEvent(event, id)));
      return;
    }
    // The server has taken the stream: the next loss starts its backoff over.
    if (event.type === 'ready') attempt = 0;
    if (isEphemeralEvent(event)) {
      // Its id is the last stored event's (or the stream's start), a safe
      // place to resume from; it is never replayed, so it cannot repeat.
      if (later) {
        cursor = position;
        cursorText = id;
      }
      callApp(() => options.onEvent(event, id));
      return;
    }
    // At or before the cursor: delivered already (a replay overlapping what
    // the previous connection sent).
    if (!later) return;
    cursor = position;
    cursorText = id;
    attempt = 0;
    callApp(() => options.onEvent(event, id));
  };

  const start = () => {
    const via = deps.transport();
    if (via === null) return end(null);
    const mine = ++generation;
    const isMine = () => mine === generation && !done;
    // Over the WebSocket, tRPC's wsClient re-sends this subscription by
    // itself after a socket drop, with the last id it saw; this code only
    // starts a new one when the server ended the old one. Over SSE every
    // reconnect is started here, with the backoff and a fresh URL (the
    // current token, the last id delivered), not the EventSource's own retry,
    // which would repeat the URL it opened with.
    const lost = () => {
      if (!isMine()) return;
      generation++;
      current?.unsubscribe();
      current = null;
      retryLater(null);
    };
    const subscription = deps.api.events.stream.subscribe(cursorText === undefined ? {} : { lastEventId: cursorText }, {
      context: { eventsTransport: via },
      onStarted: () => {
        if (isMine()) setStatus('live');
      },
      onData: (item) => {
        if (isMine()) deliver(item.id, item.data);
      },
      onConnectionStateChange: (state) => {
        if (!isMine() || state.state !== 'connecting' || state.error === null) return;
        if (via === 'sse') return lost();
        setStatus('reconnecting');
      },
      onError: (error) => {
        if (!isMine()) return;
        generation++;
        current = null;
        // Storage that throws is the only way recovery can fail; try again later.
        recover(error).catch(() => retryLater(error));
      },
      onComplete: () => {
        // The server ended the stream cleanly (it is shutting down): resume elsewhere.
        if (!isMine()) return;
        generation++;
        current = null;
        retryLater(null);
      },
    });
    // A callback may have ended this start already (an error delivered at once).
    if (isMine()) current = { unsubscribe: () => subscription.unsubscribe(), via };
    else subscription.unsubscribe();
  };

  const retryLater = (error: RapportError | null) => {
    if (done) return;
    if (clientClosed()) return end(null);
    setStatus('reconnecting');
    const delay = Math.max(backoffDelay(attempt++, deps.backoff), retryAfterMs(error));
    timer = setTimeout(() => {
      timer = null;
      if (!done) start();
    }, delay);
  };

  const recover = async (error: RapportError) => {
    if (clientClosed()) return end(null);
    const reason = error.data?.reason;
    if (reason === 'TOKEN_EXPIRED') {
      // The socket opened with a token that has since expired (subscriptions
      // are not refreshed by the session link). Refreshing changes the stored
      // token, which reconnects the socket with the new one.
      setStatus('reconnecting');
      const refreshed = await deps.refresh();
      if (done) return;
      if (refreshed) {
        // A second expiry straight after a refresh (a skewed clock) backs off.
        if (attempt === 0) {
          attempt++;
          return start();
        }
        return retryLater(error);
      }
      if ((await deps.session()) === null) return end(error);
      // The refresh itself failed on the network: the session may be fine.
      return retryLater(error);
    }
    const verdict = retryVerdict(error);
    if (verdict === 'retry') return retryLater(error);
    if (reason === 'SESSION_ENDED') await deps.endSession();
    end(error);
  };

  const self: EventSubscription & OpenSubscription = {
    unsubscribe: stop,
    lastEventId: () => cursorText,
    status: () => status,
    close: () => end(null),
    openOn: () => current?.via ?? null,
    restart: () => {
      if (done || current === null) return;
      // Quietly: the status stays as it is until the new stream confirms.
      generation++;
      current.unsubscribe();
      current = null;
      start();
    },
  };
  callApp(() => options.onStatus?.('connecting'));
  start();
  return self;
}
