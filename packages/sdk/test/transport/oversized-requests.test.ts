import { request } from 'node:http';
import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer, type TestUser } from '../harness';

let t: TestServer;
let ann: TestUser;
let token: string;
beforeAll(async () => {
  t = await startTestServer();
  ann = await t.user('Ann');
  const session = await ann.client.session();
  if (!session) throw new Error('signed out');
  token = session.accessToken;
});
afterAll(async () => {
  await t.close();
});

interface RawReply {
  status: number;
  contentType: string | undefined;
  body: string;
}

/** One request on its own connection, as curl or a hand-written client sends it. */
function raw(path: string, options: { method?: string; headers?: Record<string, string>; body?: string | Buffer } = {}): Promise<RawReply> {
  const { port } = new URL(t.url);
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, method: options.method ?? 'GET', headers: options.headers, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, contentType: res.headers['content-type'], body: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', reject);
    });
    // The server may answer and close before it has read the whole body.
    req.on('error', (error: NodeJS.ErrnoException) => (error.code === 'EPIPE' || error.code === 'ECONNRESET' ? undefined : reject(error)));
    if (options.body !== undefined) req.write(options.body);
    req.end();
  });
}

/** Bytes written straight to the socket: what Node's HTTP parser refuses. */
function rawBytes(bytes: string): Promise<string> {
  const { port } = new URL(t.url);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), '127.0.0.1', () => socket.end(bytes));
    const chunks: Buffer[] = [];
    socket.on('data', (chunk: Buffer) => chunks.push(chunk));
    socket.on('close', () => resolve(Buffer.concat(chunks).toString('utf8')));
    socket.on('error', reject);
  });
}

interface ErrorBody {
  error: { message: string; data: { code: string; httpStatus: number } };
}

function errorOf(reply: RawReply): ErrorBody['error'] {
  expect(reply.contentType).toMatch(/^application\/json/);
  const parsed = JSON.parse(reply.body) as ErrorBody | ErrorBody[];
  const first = Array.isArray(parsed) ? parsed[0] : parsed;
  if (!first) throw new Error('empty batch reply');
  expect(first.error.message.length).toBeGreaterThan(10);
  return first.error;
}

const hugeInput = encodeURIComponent(JSON.stringify({ query: '😀'.repeat(4000) }));

describe('oversized requests get a readable JSON error with a code', () => {
  it('a URL longer than the server reads gets a JSON 431, on the API and elsewhere', async () => {
    for (const path of [`/trpc/users.search?input=${hugeInput}`, `/trpc/users.search?batch=1&input=${hugeInput}`, `/health?pad=${'a'.repeat(40_000)}`]) {
      const reply = await raw(path, { headers: { authorization: `Bearer ${token}` } });
      expect(reply.status).toBe(431);
      const error = errorOf(reply);
      expect(error.data.code).toBe('PAYLOAD_TOO_LARGE');
      expect(error.data.httpStatus).toBe(431);
      expect(error.message).toMatch(/too large/i);
    }
  });

  it('headers larger than the server reads get a JSON 431', async () => {
    const reply = await raw('/trpc/users.get', { headers: { authorization: `Bearer ${token}`, cookie: `c=${'x'.repeat(20_000)}` } });
    expect(reply.status).toBe(431);
    expect(errorOf(reply).data.code).toBe('PAYLOAD_TOO_LARGE');
  });

  it('bytes that are not HTTP get a JSON 400', async () => {
    for (const bytes of ['HELLO THERE\r\n\r\n', 'GET /trpc/users.get HTTP/1.1\r\nHost: x\r\nBad Header\r\n\r\n']) {
      const reply = await rawBytes(bytes);
      expect(reply).toMatch(/^HTTP\/1\.1 400 /);
      const body = JSON.parse(reply.slice(reply.indexOf('\r\n\r\n') + 4)) as ErrorBody;
      expect(body.error.data.code).toBe('BAD_REQUEST');
    }
  });

  it('a body over the size limit gets tRPC\'s PAYLOAD_TOO_LARGE as JSON, with or without a length', async () => {
    const body = JSON.stringify({ query: 'a'.repeat(8 * 1024 * 1024) });
    const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
    const framings: Record<string, string>[] = [{ 'content-length': String(Buffer.byteLength(body)) }, { 'transfer-encoding': 'chunked' }];
    for (const extra of framings) {
      const reply = await raw('/trpc/users.updateMe', { method: 'POST', headers: { ...headers, ...extra }, body });
      expect(reply.status).toBe(413);
      const error = errorOf(reply);
      expect(error.data.code).toBe('PAYLOAD_TOO_LARGE');
      expect(error.message).toMatch(/^The request body is too large \(at most [\d.]+ MiB\)\./);
    }
  });

  it('a body that is not JSON gets a readable BAD_REQUEST', async () => {
    for (const body of ['{bad json', '{"userId": ', '\u0000']) {
      const reply = await raw('/trpc/users.get', { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body });
      expect(reply.status).toBe(400);
      const error = errorOf(reply);
      expect(error.data.code).toBe('BAD_REQUEST');
      expect(error.message).toMatch(/^The request body is not valid JSON/);
    }
  });

  it('a batch over the call limit gets a readable error, on GET and POST', async () => {
    const paths = Array.from({ length: 51 }, () => 'users.get').join(',');
    const inputs = Object.fromEntries(Array.from({ length: 51 }, (_, i) => [i, { userId: ann.id }]));
    const get = await raw(`/trpc/${paths}?batch=1&input=${encodeURIComponent(JSON.stringify(inputs))}`, { headers: { authorization: `Bearer ${token}` } });
    const post = await raw(`/trpc/${paths}?batch=1`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify(inputs),
    });
    for (const reply of [get, post]) {
      expect(reply.status).toBe(400);
      const error = errorOf(reply);
      expect(error.data.code).toBe('BAD_REQUEST');
      expect(error.message).toBe('A batch holds at most 50 calls. Send the rest in another request.');
    }
  });
});
