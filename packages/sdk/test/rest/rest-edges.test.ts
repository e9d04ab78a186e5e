import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer, type TestUser } from '../harness';

/**
 * What a REST client meets at the edges: throttling with Retry-After, bodies
 * too large or not JSON, an unknown route, a bodyless POST, a charset on the
 * content type, the docs page; and that serving REST leaves tRPC's own
 * validation as strict as it was.
 */

let t: TestServer;
let ada: TestUser;
let bob: TestUser;
let token: string;

beforeAll(async () => {
  t = await startTestServer({ SEND_RATE_BURST: '3', SEND_RATE_PER_SECOND: '1' });
  [ada, bob] = await Promise.all([t.user('Ada Edge'), t.user('Bob Edge')]);
  token = (await ada.client.session())?.accessToken ?? '';
});
afterAll(async () => {
  await t.close();
});

const api = (path: string, init: RequestInit = {}) =>
  fetch(`${t.url}/api${path}`, { ...init, headers: { authorization: `Bearer ${token}`, ...init.headers } });
const json = { 'content-type': 'application/json' };

describe('REST at the edges', () => {
  it('answers a throttled send with 429, Retry-After and data.retryAfterSeconds', async () => {
    const direct = await ada.api.chat.openDirect.mutate({ userId: bob.id });
    const send = () =>
      api(`/chat/conversations/${direct.id}/messages`, {
        method: 'POST',
        headers: json,
        body: JSON.stringify({ clientKey: randomUUID(), content: { kind: 'text', body: 'hi' } }),
      });
    const answers = await Promise.all(Array.from({ length: 6 }, send));
    const throttled = answers.find((response) => response.status === 429);
    expect(throttled).toBeDefined();
    const body: unknown = await throttled?.json();
    const seconds = Number(throttled?.headers.get('retry-after'));
    expect(seconds).toBeGreaterThanOrEqual(1);
    expect(body).toMatchObject({ code: 'TOO_MANY_REQUESTS', data: { httpStatus: 429, retryAfterSeconds: seconds } });
  });

  it('refuses a body over the limit with 413 and says the limit', async () => {
    const response = await api('/users/profile', { method: 'PUT', headers: json, body: JSON.stringify({ bio: 'x'.repeat(4 * 1024 * 1024) }) });
    expect(response.status).toBe(413);
    expect(await response.json()).toMatchObject({ code: 'PAYLOAD_TOO_LARGE' });
  });

  it('refuses a body that is not JSON with 400, and another content type with 415', async () => {
    const broken = await api('/connections', { method: 'POST', headers: json, body: '{not json' });
    expect(broken.status).toBe(400);
    expect(await broken.json()).toMatchObject({ code: 'PARSE_ERROR' });
    const form = await api('/connections', { method: 'POST', headers: { 'content-type': 'text/plain' }, body: 'hello' });
    expect(form.status).toBe(415);
    expect(await form.json()).toMatchObject({ code: 'UNSUPPORTED_MEDIA_TYPE' });
  });

  it('reads a JSON body whose content type names a charset', async () => {
    const response = await api('/connections', {
      method: 'POST',
      headers: { 'content-type': 'application/json; charset=utf-8' },
      body: JSON.stringify({ targetUserId: bob.id, type: 'follow' }),
    });
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ type: 'follow', status: 'accepted' });
  });

  it('takes a POST without a body as one without input', async () => {
    const direct = await ada.api.chat.openDirect.mutate({ userId: bob.id });
    const response = await api(`/chat/conversations/${direct.id}/typing`, { method: 'POST' });
    expect(response.status).toBe(200);
  });

  it('answers an unknown route with a 404 that says where the routes are', async () => {
    const response = await api('/no/such/thing');
    expect(response.status).toBe(404);
    const body: unknown = await response.json();
    expect(body).toMatchObject({ code: 'NOT_FOUND', data: { reason: 'NO_SUCH_ROUTE' } });
    expect(JSON.stringify(body)).toContain('/api/openapi.json');
  });

  it('parses booleans in a query string as written: ?archived=false is false', async () => {
    const direct = await ada.api.chat.openDirect.mutate({ userId: bob.id });
    await ada.api.chat.archive.mutate({ conversationId: direct.id });
    const ids = async (query: string) => {
      const body: unknown = await (await api(`/chat/conversations?${query}`)).json();
      const items: unknown = typeof body === 'object' && body !== null ? Reflect.get(body, 'items') : null;
      return Array.isArray(items) ? items.map((item: unknown) => (typeof item === 'object' && item !== null ? Reflect.get(item, 'id') : null)) : null;
    };
    expect(await ids('archived=true')).toEqual([direct.id]);
    expect(await ids('archived=false')).toEqual([]);
    expect((await api('/chat/conversations?archived=maybe')).status).toBe(400);
    await ada.api.chat.unarchive.mutate({ conversationId: direct.id });
  });

  it('leaves tRPC as strict as before: "5" is not a number there, even after REST calls', async () => {
    expect((await api('/connections?limit=5')).status).toBe(200);
    await expect(ada.api.connections.list.query({ limit: '5' as unknown as number })).rejects.toMatchObject({ data: { code: 'BAD_REQUEST' } });
    await expect(ada.api.chat.list.query({ archived: 'false' as unknown as boolean })).rejects.toMatchObject({ data: { code: 'BAD_REQUEST' } });
  });

  it('serves the docs page and its assets from the installed package, nothing from elsewhere', async () => {
    const page = await fetch(`${t.url}/api/docs/`);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('swagger-ui-bundle.js');
    expect(html).not.toMatch(/(src|href)="https?:/);
    const initializer = await (await fetch(`${t.url}/api/docs/swagger-initializer.js`)).text();
    expect(initializer).toContain('"/api/openapi.json"');
    expect((await fetch(`${t.url}/api/docs/swagger-ui-bundle.js`)).headers.get('content-type')).toContain('javascript');
    expect((await fetch(`${t.url}/api/docs/../../package.json`)).status).toBe(404);
    expect((await fetch(`${t.url}/api/docs/index.js`)).status).toBe(404);
  });
});
