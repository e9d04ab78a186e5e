import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build, preview } from 'vite';

const root = dirname(dirname(fileURLToPath(import.meta.url)));

export interface ServedApp {
  url: string;
  close(): Promise<void>;
}

/**
 * Builds the app and serves the build with `vite preview`, forwarding the API
 * to `apiUrl` with the proxy vite.config.ts sets up (only its target is
 * replaced), so the test goes through the same proxy a developer's browser
 * does. Everything it writes is in a fresh temporary directory and it listens
 * on a port the system picks: CI runs the suite twice at once (PGlite and
 * PostgreSQL), and the two must not share a build or a port.
 */
export async function serveApp(apiUrl: string): Promise<ServedApp> {
  const work = mkdtempSync(join(tmpdir(), 'rapport-example-web-'));
  const outDir = join(work, 'dist');
  const cacheDir = join(work, 'vite-cache');
  const proxy = { '/trpc': { target: apiUrl }, '/health': { target: apiUrl } };
  await build({ root, cacheDir, logLevel: 'warn', build: { outDir, emptyOutDir: true } });
  const server = await preview({ root, cacheDir, logLevel: 'warn', build: { outDir }, preview: { host: '127.0.0.1', port: 0, strictPort: true, proxy } });
  const address = server.httpServer.address();
  if (address === null || typeof address === 'string') throw new Error('vite preview is not listening on a TCP port');
  return {
    url: `http://127.0.0.1:${address.port}/`,
    async close() {
      await server.close();
      rmSync(work, { recursive: true, force: true });
    },
  };
}
