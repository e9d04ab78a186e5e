import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../harness';

/**
 * A browser app on another origin may call the API only when CORS_ORIGINS
 * lets it: the preflight is answered, the response names the origin and
 * exposes Retry-After. Without the setting, no origin but the server's own.
 */

let open: TestServer;
let closed: TestServer;
const APP = 'https://app.example.com';

beforeAll(async () => {
  [open, closed] = await Promise.all([startTestServer({ CORS_ORIGINS: `${APP}, http://localhost:5173` }), startTestServer()]);
});
afterAll(async () => {
  await Promise.all([open.close(), closed.close()]);
});

const preflight = (server: TestServer, path: string, origin: string) =>
  fetch(`${server.url}${path}`, {
    method: 'OPTIONS',
    headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'authorization, content-type' },
  });

describe('CORS', () => {
  it('answers the preflight of an allowed origin, for REST and tRPC alike', async () => {
    for (const path of ['/api/connections', '/trpc/connections.create']) {
      const response = await preflight(open, path, APP);
      expect(response.status).toBe(204);
      expect(response.headers.get('access-control-allow-origin')).toBe(APP);
      expect(response.headers.get('access-control-allow-methods')).toContain('PUT');
      expect(response.headers.get('access-control-allow-headers')).toBe('authorization, content-type');
      expect(response.headers.get('access-control-allow-credentials')).toBeNull();
    }
  });

  it('names the origin on the answer itself, and exposes Retry-After', async () => {
    const response = await fetch(`${open.url}/api/auth/me`, { headers: { origin: APP } });
    expect(response.status).toBe(401);
    expect(response.headers.get('access-control-allow-origin')).toBe(APP);
    expect(response.headers.get('access-control-expose-headers')).toBe('Retry-After');
  });

  it('gives an origin not on the list nothing', async () => {
    const response = await preflight(open, '/api/connections', 'https://evil.example.com');
    expect(response.headers.get('access-control-allow-origin')).toBeNull();
    const answer = await fetch(`${open.url}/api/auth/me`, { headers: { origin: 'https://evil.example.com' } });
    expect(answer.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('allows no other origin by default', async () => {
    const response = await preflight(closed, '/api/connections', APP);
    expect(response.headers.get('access-control-allow-origin')).toBeNull();
  });
});
