import type { IncomingMessage, ServerResponse } from 'node:http';

const METHODS = 'GET, POST, PUT, PATCH, DELETE, OPTIONS';
const PREFLIGHT_CACHE_SECONDS = '600';

/**
 * CORS for browser apps on another origin (a web frontend on app.example.com
 * calling api.example.com), for the origins CORS_ORIGINS allows. Calls carry
 * a bearer token, never a cookie, so credentials are not allowed and any
 * header the browser asks about may be sent. Answers a preflight itself and
 * returns true then; otherwise only adds the headers to the response to come.
 */
export function applyCors(req: IncomingMessage, res: ServerResponse, allowed: '*' | string[]): boolean {
  const origin = req.headers.origin;
  if (origin === undefined || (allowed !== '*' && !allowed.includes(origin))) return false;
  res.setHeader('access-control-allow-origin', origin);
  res.setHeader('vary', 'Origin');
  res.setHeader('access-control-expose-headers', 'Retry-After');
  if (req.method !== 'OPTIONS' || req.headers['access-control-request-method'] === undefined) return false;
  res.writeHead(204, {
    'access-control-allow-methods': METHODS,
    'access-control-allow-headers': req.headers['access-control-request-headers'] ?? 'authorization, content-type',
    'access-control-max-age': PREFLIGHT_CACHE_SECONDS,
  });
  res.end();
  return true;
}
