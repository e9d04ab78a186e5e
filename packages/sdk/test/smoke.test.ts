import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from './harness';

let t: TestServer;
beforeAll(async () => {
  t = await startTestServer();
});
afterAll(async () => {
  await t.close();
});

describe('smoke', () => {
  it('signs up and reads itself back', async () => {
    const ann = await t.user('Ann');
    const me = await ann.api.auth.me.query();
    expect(me.user.name).toBe('Ann');
    const bob = await t.user('Bob');
    const follow = await ann.api.connections.create.mutate({ targetUserId: bob.id, type: 'follow' });
    expect(follow.status).toBe('accepted');
  });
});
