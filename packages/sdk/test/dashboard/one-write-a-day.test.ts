import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../harness';

// Recording the streak costs one statement per user per day on an instance,
// not one per call: the server notes the day it recorded.

let t: TestServer;
const statements: string[] = [];
beforeAll(async () => {
  t = await startTestServer({}, { onQuery: (query) => statements.push(query) });
});
afterAll(async () => {
  await t.close();
});

describe('the active day', () => {
  it('is written once for many calls, however they are batched', async () => {
    const ann = await t.user('Ann');
    statements.length = 0;
    for (let i = 0; i < 5; i++) await ann.api.auth.me.query();
    await Promise.all([ann.api.users.interests.query(), ann.api.community.dashboard.query(), ann.api.connections.stats.query({})]);
    expect(statements.filter((q) => q.includes('user_streaks') && q.includes('insert')).length).toBe(1);
    // Another user is recorded on their own first call.
    const bob = await t.user('Bob');
    await bob.api.auth.me.query();
    expect(statements.filter((q) => q.includes('user_streaks') && q.includes('insert')).length).toBe(2);
  });
});
