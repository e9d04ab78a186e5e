import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openTestDatabase } from '@rapport/db/testing';
import { loadConfig, startServer } from '@rapport/server';
import { describe, expect, it } from 'vitest';
import { createRapportClient, type RapportClient } from '../../src/index';
import { eventually, FAST_BACKOFF, sleep } from '../realtime/sdk-network';
import { record } from './record';
import { sseNetwork } from './sse-network';
import { eventType, openRawStream } from './sse-raw';

const GRACE_MS = 10_000;

describe('SSE streams across a server shutdown', () => {
  it('end cleanly as the server closes, which takes far less than the grace period, and the SDK resumes on the next start', async () => {
    const database = await openTestDatabase();
    const dataDir = mkdtempSync(join(tmpdir(), 'rapport-sse-restart-'));
    const env = {
      HOST: '127.0.0.1',
      LOG_LEVEL: 'warn',
      AUTH_SECRET: 'sse-restart-test-secret-that-is-long-enough-for-hs256',
      DATA_DIR: dataDir,
      SHUTDOWN_GRACE_MS: String(GRACE_MS),
      ...(database.url ? { DATABASE_URL: database.url } : {}),
    };
    let server = await startServer(loadConfig({ ...env, PORT: '0' }), { database: database.handle });
    const net = sseNetwork();
    const clients: RapportClient[] = [];
    const signUp = async (name: string) => {
      const client = createRapportClient({ url: server.url, EventSource: net.EventSource, eventsTransport: 'sse', backoff: FAST_BACKOFF });
      clients.push(client);
      const { userId, accessToken } = await client.api.auth.signUp.mutate({ email: `${randomUUID()}@example.test`, password: 'correct horse battery', name });
      return { client, userId, accessToken };
    };
    try {
      const ann = await signUp('Ann');
      const bob = await signUp('Bob');
      const { id: conversationId } = await ann.client.api.chat.openDirect.mutate({ userId: bob.userId });
      const send = (body: string) => bob.client.chat.send({ conversationId, content: { kind: 'text', body } });
      const heard = record(ann.client);
      await heard.live();
      const raw = await openRawStream(`${server.url}/trpc/events.stream`, { authorization: `Bearer ${ann.accessToken}` });
      await raw.until((events) => events.some((e) => eventType(e) === 'ready'));
      await send('before');
      await eventually('before', () => heard.bodies().length === 1);

      const started = Date.now();
      await server.close();
      const took = Date.now() - started;
      expect(took).toBeLessThan(GRACE_MS / 4);
      // A clean end, which tRPC's client takes as "reconnect".
      await raw.ended;
      expect(raw.events().at(-1)?.event).toBe('return');
      await eventually('reconnecting', () => heard.subscription.status() === 'reconnecting');

      server = await startServer(loadConfig({ ...env, PORT: String(server.port) }), { database: database.handle });
      await send('after 1');
      await send('after 2');
      await eventually('the messages after the restart', () => heard.bodies().length === 3);
      await sleep(200);
      expect(heard.bodies()).toEqual(['before', 'after 1', 'after 2']);
      expect(heard.errors).toEqual([]);
      expect(heard.subscription.status()).toBe('live');
      expect(server.deps.realtime.hub.subscribersOf(ann.userId).size).toBe(1);
    } finally {
      await Promise.all(clients.map((client) => client.close()));
      await server.close();
      await database.dispose();
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
