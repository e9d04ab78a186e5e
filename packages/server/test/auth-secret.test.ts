import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config';
import { startServer, type RunningServer } from '../src/http/server';
import { resolveAuthSecret } from '../src/services/auth/tokens';
import { tempDir } from './support';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

function dataDirectory(): string {
  const dir = tempDir();
  cleanups.push(dir.remove);
  return dir.path;
}

/** The embedded default: no DATABASE_URL, no AUTH_SECRET, everything in DATA_DIR. */
const embeddedConfig = (dataDir: string) => loadConfig({ PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'silent', DATA_DIR: dataDir });

async function start(dataDir: string): Promise<RunningServer> {
  const server = await startServer(embeddedConfig(dataDir));
  cleanups.push(() => server.close());
  return server;
}

async function call(server: RunningServer, path: string, init: { body?: unknown; token?: string } = {}): Promise<{ status: number; body: unknown }> {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (init.token !== undefined) headers.authorization = `Bearer ${init.token}`;
  const response = await fetch(`${server.url}/trpc/${path}`, {
    method: init.body === undefined ? 'GET' : 'POST',
    headers,
    ...(init.body === undefined ? {} : { body: JSON.stringify(init.body) }),
  });
  return { status: response.status, body: await response.json() };
}

describe('the generated auth secret', () => {
  it('is kept in DATA_DIR, so a restart on the same directory signs nobody out', async () => {
    const dataDir = dataDirectory();
    const secretFile = join(dataDir, 'auth-secret');

    const first = await start(dataDir);
    const signUp = await call(first, 'auth.signUp', { body: { email: 'ada@example.test', password: 'a long passphrase', name: 'Ada' } });
    expect(signUp.status).toBe(200);
    const { accessToken } = (signUp.body as { result: { data: { accessToken: string } } }).result.data;
    expect((await call(first, 'auth.me', { token: accessToken })).status).toBe(200);
    await first.close();

    const secret = readFileSync(secretFile, 'utf8');
    expect(secret.length).toBeGreaterThanOrEqual(32);
    // Readable by the server's user only.
    expect(statSync(secretFile).mode & 0o077).toBe(0);

    const second = await start(dataDir);
    expect(readFileSync(secretFile, 'utf8')).toBe(secret);
    const me = await call(second, 'auth.me', { token: accessToken });
    expect(me).toMatchObject({ status: 200, body: { result: { data: { user: { name: 'Ada', email: 'ada@example.test' } } } } });
  });

  it('is generated once and then read back', () => {
    const config = embeddedConfig(dataDirectory());
    const secret = resolveAuthSecret(config);
    expect(secret.length).toBeGreaterThanOrEqual(32);
    expect(resolveAuthSecret(config)).toBe(secret);
    expect(resolveAuthSecret(embeddedConfig(config.dataDir))).toBe(secret);
  });

  it('is not generated when AUTH_SECRET is set', () => {
    const dataDir = dataDirectory();
    const config = loadConfig({ DATA_DIR: dataDir, AUTH_SECRET: 's'.repeat(40) });
    expect(resolveAuthSecret(config)).toBe('s'.repeat(40));
    expect(existsSync(join(dataDir, 'auth-secret'))).toBe(false);
  });
});
