import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../harness';
import { listen } from './listen';

let t: TestServer;
beforeAll(async () => {
  t = await startTestServer();
});
afterAll(() => t.close());

describe('connection events on events.stream', () => {
  it('tells the other person about a follow, a friend request and its acceptance', async () => {
    const [ann, bob] = await Promise.all([t.user('Ann'), t.user('Bob')]);
    const bobHears = listen(bob);
    const annHears = listen(ann);
    await ann.api.connections.create.mutate({ targetUserId: bob.id, type: 'follow' });
    const request = await ann.api.connections.create.mutate({ targetUserId: bob.id, type: 'friend', message: 'hi' });
    await bobHears.until((events) => events.some((e) => e.type === 'connection.requested'));
    await bob.api.connections.respond.mutate({ connectionId: request.id, status: 'accepted' });
    await annHears.until((events) => events.some((e) => e.type === 'connection.accepted'));
    expect(bobHears.events.filter((e) => e.type.startsWith('connection.'))).toMatchObject([
      { type: 'connection.followed', fromUserId: ann.id },
      { type: 'connection.requested', fromUserId: ann.id, connectionId: request.id, message: 'hi' },
    ]);
    expect(annHears.events.filter((e) => e.type.startsWith('connection.'))).toMatchObject([
      { type: 'connection.accepted', connectionId: request.id, byUserId: bob.id },
    ]);
  });
});
