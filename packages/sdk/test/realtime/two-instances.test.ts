import { randomUUID } from 'node:crypto';
import { testDatabaseUrl } from '@rapport/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { createRapportClient, memoryStorage, type RapportClient } from '../../src/index';
import { startTestServer, TEST_SECRET, type TestServer, type TestUser } from '../harness';
import { befriend } from '../connections/helpers';
import { listen } from './listen';
import { startServerProcess, type ServerProcess } from './second-instance';

// Two processes can share PostgreSQL; the embedded database belongs to one.
describe.skipIf(testDatabaseUrl === undefined)('two server processes on one PostgreSQL', () => {
  let t: TestServer;
  let other: ServerProcess;
  const clients: RapportClient[] = [];
  beforeAll(async () => {
    t = await startTestServer();
    const { database } = t.server;
    if (database.kind !== 'postgres') throw new Error('expected PostgreSQL');
    other = await startServerProcess({ DATABASE_URL: database.target.url, AUTH_SECRET: TEST_SECRET, EVENT_POLL_MS: '1000' });
  }, 60_000);
  afterAll(async () => {
    await Promise.all(clients.map((c) => c.close()));
    await other.stop();
    await t.close();
  });

  /** The same user, signed in through the other instance's URL with the same session. */
  async function onOther(user: TestUser): Promise<TestUser> {
    const client = createRapportClient({ url: other.url, WebSocket, storage: memoryStorage(await user.client.session()) });
    clients.push(client);
    return { ...user, client, api: client.api };
  }

  it('delivers a message sent through one instance to a subscriber on the other, both ways', async () => {
    const [ann, bob] = await Promise.all([t.user('Ann'), t.user('Bob')]);
    const { id } = await ann.api.chat.openDirect.mutate({ userId: bob.id });
    const bobThere = await onOther(bob);
    const bobHears = listen(bobThere);
    const annHears = listen(ann);
    await ann.api.chat.send.mutate({ conversationId: id, clientKey: randomUUID(), content: { kind: 'text', body: 'from instance one' } });
    await bobThere.api.chat.send.mutate({ conversationId: id, clientKey: randomUUID(), content: { kind: 'text', body: 'from instance two' } });
    const bodies = (events: typeof bobHears.events) => events.flatMap((e) => (e.type === 'message.created' ? [e.message.body] : []));
    // Delivery is woken by the other instance's doorbell, not the 1 s poll.
    const started = Date.now();
    await bobHears.until((events) => bodies(events).length === 2);
    await annHears.until((events) => bodies(events).length === 2);
    expect(Date.now() - started).toBeLessThan(5000);
    expect(bodies(bobHears.events)).toEqual(['from instance one', 'from instance two']);
    expect(bodies(annHears.events)).toEqual(['from instance one', 'from instance two']);
  });

  it('carries typing and presence across instances', async () => {
    const [ann, bob] = await Promise.all([t.user('Ann'), t.user('Bob')]);
    await befriend(ann, bob);
    const { id } = await ann.api.chat.openDirect.mutate({ userId: bob.id });
    const bobThere = await onOther(bob);
    const annHears = listen(ann);
    await annHears.until((events) => events.some((e) => e.type === 'conversation.created'));
    const bobHears = listen(bobThere);
    await annHears.until((events) => events.some((e) => e.type === 'presence' && e.userId === bob.id && e.online));
    expect(await ann.api.events.presence.query({ userIds: [bob.id] })).toMatchObject([{ userId: bob.id, online: true }]);

    await ann.api.chat.typing.mutate({ conversationId: id });
    await bobHears.until((events) => events.some((e) => e.type === 'typing' && e.userId === ann.id));

    bobHears.stop();
    await annHears.until((events) => events.some((e) => e.type === 'presence' && e.userId === bob.id && !e.online));
    const [seen] = await ann.api.events.presence.query({ userIds: [bob.id] });
    expect(seen).toMatchObject({ online: false });
    expect(seen?.lastSeenAt).not.toBeNull();
  });
});
