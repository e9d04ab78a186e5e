import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { createThrowawayDatabase, freePort, tempDir, TEST_SECRET, testDatabaseUrl } from './support';

// `pnpm start` as a child process: tsx (a root devDependency) loads the
// TypeScript entry point, from the repository root where it is installed.
const repoRoot = fileURLToPath(new URL('../../..', import.meta.url));
const entryPoint = 'packages/server/src/main.ts';

// Nothing from the outer environment may configure the child by accident.
const CONFIG_VARIABLES = ['PORT', 'HOST', 'DATABASE_URL', 'DATABASE_POOL_SIZE', 'DATA_DIR', 'AUTH_SECRET', 'LOG_LEVEL'];

interface Main {
  child: ChildProcess;
  stdout(): string;
  stderr(): string;
  /** Resolves with the exit code (or the signal that ended it). */
  exited: Promise<number | NodeJS.Signals>;
}

function runMain(env: Record<string, string>): Main {
  const base = Object.fromEntries(Object.entries(process.env).filter(([key]) => !CONFIG_VARIABLES.includes(key)));
  const child = spawn(process.execPath, ['--import', 'tsx', entryPoint], {
    cwd: repoRoot,
    env: { ...base, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  running.push(child);
  let out = '';
  let err = '';
  child.stdout?.setEncoding('utf8').on('data', (chunk: string) => (out += chunk));
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => (err += chunk));
  const exited = new Promise<number | NodeJS.Signals>((resolve) => {
    child.once('exit', (code, signal) => resolve(code ?? signal ?? -1));
  });
  return { child, stdout: () => out, stderr: () => err, exited };
}

/** Resolves once the server logs that it listens; rejects if it exits first. */
function listening(main: Main): Promise<void> {
  return new Promise((resolve, reject) => {
    const check = () => {
      if (main.stdout().includes('"server listening"')) {
        main.child.stdout?.off('data', check);
        resolve();
      }
    };
    main.child.stdout?.on('data', check);
    check();
    void main.exited.then((code) => reject(new Error(`main exited (${code}) before listening:\n${main.stdout()}\n${main.stderr()}`)));
  });
}

function logLines(output: string): Record<string, unknown>[] {
  return output
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}

const running: ChildProcess[] = [];
const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  // A failed assertion must not leave a server running.
  for (const child of running.splice(0)) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

describe('main.ts', () => {
  it('serves, then on SIGTERM stops cleanly, exits 0 and logs JSON lines', async () => {
    const dataDir = tempDir();
    cleanups.push(dataDir.remove);
    const env: Record<string, string> = { PORT: String(await freePort()), HOST: '127.0.0.1', DATA_DIR: dataDir.path, LOG_LEVEL: 'info' };
    if (testDatabaseUrl !== undefined) {
      const database = await createThrowawayDatabase(testDatabaseUrl);
      cleanups.push(database.drop);
      Object.assign(env, { DATABASE_URL: database.url, AUTH_SECRET: TEST_SECRET });
    }
    const main = runMain(env);
    await listening(main);

    const health = await fetch(`http://127.0.0.1:${env.PORT}/health`);
    expect(health.status).toBe(200);
    const ready = await fetch(`http://127.0.0.1:${env.PORT}/ready`);
    expect(ready.status).toBe(200);

    // A WebSocket client is told to reconnect elsewhere, then closed as "going away".
    const socket = new WebSocket(`ws://127.0.0.1:${env.PORT}/trpc`);
    const received: unknown[] = [];
    socket.on('message', (data) => received.push(JSON.parse(String(data))));
    const socketClosed = new Promise<number>((resolve) => socket.once('close', (code) => resolve(code)));
    await new Promise<void>((resolve, reject) => {
      socket.once('open', () => resolve());
      socket.once('error', reject);
    });

    main.child.kill('SIGTERM');
    expect(await main.exited).toBe(0);
    expect(await socketClosed).toBe(1001);
    expect(received).toContainEqual(expect.objectContaining({ method: 'reconnect' }));

    const lines = logLines(main.stdout());
    const messages = lines.map((line) => line.msg);
    expect(messages).toEqual(expect.arrayContaining(['server listening', 'shutting down', 'server stopped']));
    expect(messages.indexOf('server stopped')).toBeGreaterThan(messages.indexOf('shutting down'));
    for (const line of lines) expect(line).toMatchObject({ time: expect.any(String), level: expect.any(String), msg: expect.any(String) });
    expect(lines.find((line) => line.msg === 'shutting down')).toMatchObject({ signal: 'SIGTERM' });
  });

  it('exits 1 and names the variable when the configuration is bad', async () => {
    const main = runMain({ PORT: 'abc' });
    expect(await main.exited).toBe(1);
    expect(main.stderr()).toContain('PORT');
    expect(main.stdout()).not.toContain('server listening');
  });

  it('names every bad variable, not only the first', async () => {
    const main = runMain({ PORT: 'abc', LOG_LEVEL: 'loud' });
    expect(await main.exited).toBe(1);
    expect(main.stderr()).toContain('PORT');
    expect(main.stderr()).toContain('LOG_LEVEL');
  });
});
