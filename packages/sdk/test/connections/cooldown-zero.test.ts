import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../harness';
import { expectError } from '../expect-error';

let t: TestServer;
beforeAll(async () => {
  t = await startTestServer({ FRIEND_REQUEST_COOLDOWN_SECONDS: '0' });
});
afterAll(async () => {
  await t.close();
});

describe('declined friend requests with no cooldown', () => {
  it('lets the requester ask again at once, as a new pending request', async () => {
    const [ann, bob] = await Promise.all([t.user('Ann'), t.user('Bob')]);
    const first = await ann.api.connections.create.mutate({ targetUserId: bob.id, type: 'friend' });
    await bob.api.connections.respond.mutate({ connectionId: first.id, status: 'rejected' });

    const second = await ann.api.connections.create.mutate({ targetUserId: bob.id, type: 'friend', message: 'one more time' });
    expect(second).toMatchObject({ status: 'pending', direction: 'outgoing', message: 'one more time' });
    expect(second.id).not.toBe(first.id);
    expect(await bob.api.connections.check.query({ targetUserId: ann.id })).toMatchObject({
      friendship: 'incoming_request',
      friendConnectionId: second.id,
    });
    // Asking again while that one is pending is still the same request.
    expect((await ann.api.connections.create.mutate({ targetUserId: bob.id, type: 'friend' })).id).toBe(second.id);

    // And a second refusal, then a third request, works the same way.
    await bob.api.connections.respond.mutate({ connectionId: second.id, status: 'rejected' });
    const third = await ann.api.connections.create.mutate({ targetUserId: bob.id, type: 'friend' });
    expect(third.status).toBe('pending');
    expect(new Set([first.id, second.id, third.id]).size).toBe(3);
    const accepted = await bob.api.connections.respond.mutate({ connectionId: third.id, status: 'accepted' });
    expect(accepted.status).toBe('accepted');
    expect((await ann.api.connections.stats.query()).friends).toBe(1);
  });

  it('still keeps the refusal from being erased by the requester', async () => {
    const [ann, bob] = await Promise.all([t.user('Ann'), t.user('Bob')]);
    const request = await ann.api.connections.create.mutate({ targetUserId: bob.id, type: 'friend' });
    await bob.api.connections.respond.mutate({ connectionId: request.id, status: 'rejected' });
    await expectError(ann.api.connections.remove.mutate({ connectionId: request.id }), 'FORBIDDEN');
  });
});
