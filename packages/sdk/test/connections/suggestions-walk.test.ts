import { sql } from '@rapport/db';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer, type TestUser } from '../harness';

// Suggestions bound their work: candidates are found among the newest
// friendships of the newest LIMITS.suggestionFriendsWalked (100) friends
// (docs/ARCHITECTURE.md, "Read paths"). What they show stays exact.

const WALKED = 100;
const OLDER = 20;

let t: TestServer;
let me: TestUser;
beforeAll(async () => {
  t = await startTestServer();
  me = await t.user('Walker');
  const db = t.server.database.db;
  // My friends: friend-1 .. friend-120, friend-1 the newest. "wide" is friends
  // with all 120 of them; "far" only with the 20 oldest, whom the walk never
  // reaches.
  await db.execute(sql`
    insert into users (email, password_hash, name)
    select 'friend-' || n || '@example.test', 'x', 'Friend ' || lpad(n::text, 3, '0') from generate_series(1, ${WALKED + OLDER}) n
    union all select 'wide@example.test', 'x', 'Wide'
    union all select 'far@example.test', 'x', 'Far'`);
  await db.execute(sql`
    insert into connections (requester_id, addressee_id, type, status, created_at)
    select ${me.id}::uuid, u.id, 'friend', 'accepted', now() - split_part(substr(u.email, 8), '@', 1)::int * interval '1 minute'
    from users u where u.email like 'friend-%'`);
  await db.execute(sql`
    insert into connections (requester_id, addressee_id, type, status)
    select w.id, u.id, 'friend', 'accepted' from users u, users w
    where u.email like 'friend-%' and w.email = 'wide@example.test'`);
  await db.execute(sql`
    insert into connections (requester_id, addressee_id, type, status)
    select f.id, u.id, 'friend', 'accepted' from users u, users f
    where u.email like 'friend-%' and split_part(substr(u.email, 8), '@', 1)::int > ${WALKED} and f.email = 'far@example.test'`);
});
afterAll(async () => {
  await t.close();
});

describe('suggestions for someone with more friends than the walk reads', () => {
  it('counts every mutual friend of a suggestion shown, and names the first three by name', async () => {
    const suggestions = await me.api.connections.suggestions.query({});
    const wide = suggestions.find((s) => s.user.name === 'Wide');
    expect(wide?.mutualCount).toBe(WALKED + OLDER);
    expect(wide?.mutualNames).toEqual(['Friend 001', 'Friend 002', 'Friend 003']);
  });

  it('finds candidates only through the newest friends', async () => {
    const suggestions = await me.api.connections.suggestions.query({});
    expect(suggestions.map((s) => s.user.name)).toEqual(['Wide']);
  });
});
