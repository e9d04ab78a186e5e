/**
 * `events.stream` over Server-Sent Events: a ping every 20 s keeps proxies
 * and load balancers (many cut a response idle for 30 to 60 s) from closing a
 * quiet stream, and a client that hears nothing, not even a ping, for 50 s
 * takes the connection for dead and reconnects with a fresh URL. tRPC 11
 * reads these from the router's config (trpc.ts), not from the HTTP handler.
 */
export const SSE_OPTIONS = {
  ping: { enabled: true, intervalMs: 20_000 },
  client: { reconnectAfterInactivityMs: 50_000 },
};
