/**
 * How `events.stream` reaches the server:
 * - `websocket`: over the client's WebSocket only;
 * - `sse`: as Server-Sent Events (an EventSource on GET /trpc/events.stream),
 *   for networks and clients where WebSockets are blocked;
 * - `auto`: the WebSocket where there is one, SSE where there is none, and
 *   SSE from the moment the WebSocket has failed to open
 *   {@link WEBSOCKET_FAILURES_BEFORE_SSE} times in a row (a proxy or firewall
 *   that refuses the upgrade), for the rest of the client's life.
 */
export type EventsTransport = 'websocket' | 'sse' | 'auto';

/** Where one stream goes: the two transports `events.stream` has. */
export type StreamTransport = 'websocket' | 'sse';

/** Sockets that close before they ever open, one after another, before `auto` moves events to SSE. */
export const WEBSOCKET_FAILURES_BEFORE_SSE = 3;

// Any listener: the browser's and the ponyfills' event types differ.
type EventSourceListener = { bivarianceHack(event: object): void }['bivarianceHack'];

/** The parts of an EventSource that tRPC's httpSubscriptionLink uses. */
export interface EventSourceLike {
  readonly readyState: number;
  readonly CONNECTING: number;
  readonly OPEN: number;
  readonly CLOSED: number;
  addEventListener(type: string, listener: EventSourceListener): void;
  removeEventListener(type: string, listener: EventSourceListener): void;
  close(): void;
}

/**
 * The EventSource constructor to use where there is no global one: the
 * browser's fits, and so does the `eventsource` package on Node 20
 * (`import { EventSource } from 'eventsource'`).
 */
export type EventSourceImpl = new (url: string, init?: { withCredentials?: boolean }) => EventSourceLike;

type SocketEventName = 'open' | 'close';

/** What the route watches on each socket the WebSocket client opens. */
export interface WatchedSocket {
  addEventListener(type: SocketEventName, listener: () => void): void;
}

export interface EventsRoute {
  /** Where a stream starting now goes; null when this client has neither transport. */
  current(): StreamTransport | null;
  /** True once `auto` has given up on the WebSocket: calls stop going to it too. */
  webSocketAbandoned(): boolean;
  /** Counts the socket as a failure if it closes without having opened. */
  watch(socket: WatchedSocket): void;
}

export interface EventsRouteOptions {
  mode: EventsTransport;
  hasWebSocket: boolean;
  hasEventSource: boolean;
  /** Runs once, when `auto` moves events off a WebSocket that cannot connect. */
  onAbandonWebSocket(): void;
}

export function createEventsRoute(options: EventsRouteOptions): EventsRoute {
  const { mode, hasWebSocket, hasEventSource } = options;
  let failuresInARow = 0;
  let abandoned = false;
  const canFallBack = mode === 'auto' && hasWebSocket && hasEventSource;
  return {
    current() {
      if (mode === 'websocket') return hasWebSocket ? 'websocket' : null;
      if (mode === 'sse') return hasEventSource ? 'sse' : null;
      if (hasWebSocket && !abandoned) return 'websocket';
      return hasEventSource ? 'sse' : null;
    },
    webSocketAbandoned: () => abandoned,
    watch(socket) {
      if (!canFallBack || abandoned) return;
      let opened = false;
      socket.addEventListener('open', () => {
        opened = true;
        failuresInARow = 0;
      });
      socket.addEventListener('close', () => {
        if (opened || abandoned) return;
        failuresInARow += 1;
        if (failuresInARow < WEBSOCKET_FAILURES_BEFORE_SSE) return;
        abandoned = true;
        options.onAbandonWebSocket();
      });
    },
  };
}
