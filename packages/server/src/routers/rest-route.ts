/**
 * A procedure's REST route under /api, declared beside its input and output
 * (docs/ARCHITECTURE.md, "REST and OpenAPI"). `tag` groups the route with its
 * router in the OpenAPI document; `summary` is its one-line description there.
 * Signed-in routes are the default; `open` marks the few that take no token.
 */
export type RestMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/**
 * The procedure meta: the part of trpc-to-openapi's OpenApiMeta we use, as
 * our own type, so the SDK's published declarations (which reach the router's
 * meta type) need nothing from that library.
 */
export type RouteMeta = {
  openapi?: { method: RestMethod; path: `/${string}`; tags: string[]; summary: string; protect: boolean };
};

/** The routes of one router: `const rest = restRoutes('chat')`, then `rest('GET', '/chat/...', '...')`. */
export const restRoutes =
  (tag: string) =>
  (method: RestMethod, path: `/${string}`, summary: string, options: { open?: boolean } = {}): RouteMeta => ({
    openapi: { method, path, tags: [tag], summary, protect: options.open !== true },
  });
