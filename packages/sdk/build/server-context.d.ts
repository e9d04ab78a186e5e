/** The server's per-request context. Clients never see it. */
export type Context = object;
