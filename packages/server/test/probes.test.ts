import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { connect } from 'node:net';
import { openDatabase, type DatabaseHandle } from '@rapport/db';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config';
import { handleProbe } from '../src/http/probes';
import { startServer, type RunningServer } from '../src/http/server';
import { freePort, openTestDatabase, tempDir, TEST_SECRET, type TestDatabase } from './support';

let database: TestDatabase;
let dataDir: ReturnType<typeof tempDir>;
let server: RunningServer;

beforeAll(async () => {
  database = await openTestDatabase();
  dataDir = tempDir();
  const config = loadConfig({
    PORT: '0',
    HOST: '127.0.0.1',
    LOG_LEVEL: 'silent',
    AUTH_SECRET: TEST_SECRET,
    DATA_DIR: dataDir.path,
    ...(database.url === undefined ? {} : { DATABASE_URL: database.url }),
  });
  server = await startServer(config, { database: database.handle });
});

afterAll(async () => {
  await server.close();
  await database.dispose();
  dataDir.remove();
});

async function getJson(path: string): Promise<{ status: number; contentType: string | null; body: unknown }> {
  const response = await fetch(`${server.url}${path}`);
  return { status: response.status, contentType: response.headers.get('content-type'), body: await response.json() };
}

async function post(path: string, body: string | Uint8Array): Promise<{ status: number; contentType: string | null; body: unknown }> {
  const response = await fetch(`${server.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
  return { status: response.status, contentType: response.headers.get('content-type'), body: await response.json() };
}

async function expectStillServing(): Promise<void> {
  expect(await getJson('/health')).toMatchObject({ status: 200 });
}

describe('probes', () => {
  it('/health answers while the process runs, with how far event delivery lags', async () => {
    expect(await getJson('/health')).toEqual({
      status: 200,
      contentType: 'application/json',
      body: { status: 'ok', eventLog: { lagMs: expect.any(Number), heldBack: expect.any(Boolean), sinceLastReadMs: expect.any(Number) } },
    });
  });

  it('/ready answers 200 once the database is reachable and migrated', async () => {
    const ready = await getJson('/ready');
    expect(ready.status).toBe(200);
    expect(ready.body).toEqual({ status: 'ready', database: database.url === undefined ? 'pglite' : 'postgres' });
  });

  it('ignores a query string on the probe paths', async () => {
    expect((await getJson('/health?probe=k8s')).status).toBe(200);
  });

  it('an unknown path is a JSON 404 that says where the API is', async () => {
    const missing = await getJson('/nowhere');
    expect(missing.status).toBe(404);
    expect(missing.contentType).toBe('application/json');
    expect(missing.body).toEqual({ error: expect.stringContaining('/trpc') });
  });
});

describe('bad requests', () => {
  it('a malformed JSON body is a 4xx JSON error, not a 500', async () => {
    const reply = await post('/trpc/auth.signIn', '{"email": "ada@example.com", "password":');
    expect(reply.status).toBeGreaterThanOrEqual(400);
    expect(reply.status).toBeLessThan(500);
    expect(reply.contentType).toContain('application/json');
    expect(reply.body).toMatchObject({ error: { message: expect.any(String) } });
    await expectStillServing();
  });

  it('a body over the limit (limits.ts, about 3 MiB) is refused with a 4xx JSON error, not a 500', async () => {
    const huge = JSON.stringify({ email: 'ada@example.com', password: 'x'.repeat(8 * 1024 * 1024) });
    const reply = await post('/trpc/auth.signIn', huge);
    expect(reply.status).toBe(413);
    expect(reply.contentType).toContain('application/json');
    expect(reply.body).toMatchObject({ error: { message: expect.any(String) } });
    await expectStillServing();
  });

  it('invalid input is a 400 naming the field', async () => {
    const reply = await post('/trpc/auth.signIn', JSON.stringify({ email: 'not an email', password: 'x' }));
    expect(reply.status).toBe(400);
    expect(reply.body).toMatchObject({ error: { data: { code: 'BAD_REQUEST', fieldErrors: { email: expect.any(Array) } } } });
    await expectStillServing();
  });

  it('an unknown procedure is a 404 JSON error', async () => {
    const reply = await post('/trpc/auth.noSuchThing', '{}');
    expect(reply.status).toBe(404);
    expect(reply.body).toMatchObject({ error: { data: { code: 'NOT_FOUND' } } });
  });

  it('wrong credentials are a 401, with no hint whether the account exists', async () => {
    const reply = await post('/trpc/auth.signIn', JSON.stringify({ email: 'nobody@example.test', password: 'not the password' }));
    expect(reply.status).toBe(401);
    expect(reply.body).toMatchObject({ error: { data: { code: 'UNAUTHORIZED' } } });
  });
});

describe('close', () => {
  it('stops listening: the port refuses connections afterwards', async () => {
    const { port } = server;
    await server.close();
    const outcome = await new Promise<string>((resolve) => {
      const socket = connect({ port, host: '127.0.0.1' });
      socket.once('connect', () => {
        socket.destroy();
        resolve('connected');
      });
      socket.once('error', (error: NodeJS.ErrnoException) => resolve(error.code ?? error.message));
    });
    expect(outcome).toBe('ECONNREFUSED');
    // Closing again is harmless (afterAll does it too).
    await server.close();
  });
});

describe('/ready before it can serve', () => {
  // The probe alone, over a database startServer has not prepared.
  async function probeReady(handle: DatabaseHandle, draining: boolean): Promise<{ status: number; body: unknown }> {
    const probe: Server = createServer((req, res) => {
      void handleProbe(req, res, { database: handle, draining: () => draining, eventLag: () => ({ lagMs: 0, heldBack: false, sinceLastReadMs: 0 }) });
    });
    await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', () => resolve()));
    try {
      const { port } = probe.address() as AddressInfo;
      const response = await fetch(`http://127.0.0.1:${port}/ready`);
      return { status: response.status, body: await response.json() };
    } finally {
      await new Promise<void>((resolve) => probe.close(() => resolve()));
    }
  }

  let unmigrated: DatabaseHandle;
  beforeAll(() => {
    unmigrated = openDatabase({ kind: 'pglite', dataDir: null });
  });
  afterAll(async () => {
    await unmigrated.close();
  });

  it('is 503 "migrations pending" on a database never migrated', async () => {
    expect(await probeReady(unmigrated, false)).toEqual({ status: 503, body: { status: 'migrations pending', database: 'pglite' } });
  });

  it('is 503 "draining" while shutting down', async () => {
    expect(await probeReady(unmigrated, true)).toMatchObject({ status: 503, body: { status: 'draining' } });
  });

  it('is 503 "database unreachable" when the database does not answer', async () => {
    const nobody = openDatabase({ kind: 'postgres', url: `postgres://postgres@127.0.0.1:${await freePort()}/none`, poolSize: 1 });
    try {
      expect(await probeReady(nobody, false)).toEqual({ status: 503, body: { status: 'database unreachable', database: 'postgres' } });
    } finally {
      await nobody.close();
    }
  });
});
