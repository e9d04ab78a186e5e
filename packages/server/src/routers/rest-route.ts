import type { OpenApiMeta, OpenApiMethod } from 'trpc-to-openapi';

/**
 * A procedure's REST route under /api, declared beside its input and output
 * (docs/ARCHITECTURE.md, "REST and OpenAPI"). `tag` groups the route with its
 * router in the OpenAPI document; `summary` is its one-line description there.
 * Signed-in routes are the default; `open` marks the few that take no token.
 */
export function restRoute(tag: string, method: OpenApiMethod, path: `/${string}`, summary: string, options: { open?: boolean } = {}): OpenApiMeta {
  return { openapi: { method, path, tags: [tag], summary, protect: options.open !== true } };
}

/** The routes of one router: `const rest = restRoutes('chat')`, then `rest('GET', '/chat/...', '...')`. */
export const restRoutes =
  (tag: string) =>
  (method: OpenApiMethod, path: `/${string}`, summary: string, options: { open?: boolean } = {}): OpenApiMeta =>
    restRoute(tag, method, path, summary, options);
