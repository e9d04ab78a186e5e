import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
export { createThrowawayDatabase, openTestDatabase, testDatabaseUrl, type TestDatabase } from '@rapport/db/testing';

export const TEST_SECRET = 'test-secret-that-is-long-enough-for-hs256-signing';

export function tempDir(): { path: string; remove(): void } {
  const path = mkdtempSync(join(tmpdir(), 'rapport-server-test-'));
  return { path, remove: () => rmSync(path, { recursive: true, force: true }) };
}

/** A TCP port nothing listens on right now, for a child process that must be told one. */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (address === null || typeof address === 'string') throw new Error('no TCP address');
  return address.port;
}
