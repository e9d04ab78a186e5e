import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openTestDatabase } from '@rapport/db/testing';
import { createLogger, loadConfig, startServer, type RunningServer } from '@rapport/server';
import WebSocket from 'ws';
import { createRapportClient, type RapportClient } from '../src/index';

/**
 * A real server on 127.0.0.1, port 0, with a database of its own: PGlite in
 * memory by default, or a fresh database on the PostgreSQL server named by
 * TEST_DATABASE_URL, dropped afterwards.
 */
export interface TestServer {
  url: string;
  server: RunningServer;
  /** A client with no session. */
  anonymous(): RapportClient;
  /** Signs up a new user with a unique email and returns a client signed in as them. */
  user(name?: string): Promise<TestUser>;
  close(): Promise<void>;
}

export interface TestUser {
  client: RapportClient;
  api: RapportClient['api'];
  id: string;
  email: string;
  password: string;
  name: string;
}

export interface TestServerOptions {
  /** Sees every log line the server writes (JSON, one object per line), beside stdout: for tests that assert on logs. */
  onLogLine?: (line: string) => void;
  /** Sees every statement the server sends to its database, with its parameters: for tests that check query plans. */
  onQuery?: (query: string, params: unknown[]) => void;
}

export const TEST_SECRET = 'test-secret-that-is-long-enough-for-hs256-signing';

export async function startTestServer(env: Record<string, string> = {}, options: TestServerOptions = {}): Promise<TestServer> {
  const dataDir = mkdtempSync(join(tmpdir(), 'rapport-test-'));
  const database = await openTestDatabase(10, options.onQuery ? { onQuery: options.onQuery } : {});
  const config = loadConfig({
    PORT: '0',
    HOST: '127.0.0.1',
    LOG_LEVEL: 'warn',
    AUTH_SECRET: TEST_SECRET,
    DATA_DIR: dataDir,
    ...(database.url ? { DATABASE_URL: database.url } : {}),
    ...env,
  });
  const { onLogLine } = options;
  const logger =
    onLogLine === undefined
      ? undefined
      : createLogger(config.logLevel, (line) => {
          process.stdout.write(line);
          onLogLine(line);
        });
  const server = await startServer(config, { database: database.handle, logger });
  const clients: RapportClient[] = [];
  const anonymous = () => {
    const client = createRapportClient({ url: server.url, WebSocket });
    clients.push(client);
    return client;
  };
  let counter = 0;
  return {
    url: server.url,
    server,
    anonymous,
    async user(name = `User ${++counter}`) {
      const client = anonymous();
      const email = `${randomUUID()}@example.test`;
      const password = 'correct horse battery';
      const result = await client.api.auth.signUp.mutate({ email, password, name });
      return { client, api: client.api, id: result.userId, email, password, name };
    },
    async close() {
      await Promise.all(clients.map((c) => c.close()));
      await server.close();
      await database.dispose();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
