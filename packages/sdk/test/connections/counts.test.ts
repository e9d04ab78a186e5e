import { connectionCountsBothWays } from '@rapport/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isRapportError } from '../../src/index';
import { startTestServer, type TestServer, type TestUser } from '../harness';
import { signUpAll } from './helpers';

// connections.stats reads counts that a trigger keeps in each change's own
// transaction (docs/ARCHITECTURE.md, "Read paths"). Whatever happens at once,
// they must equal a fresh count of the rows.

const TIMES = 50;

let t: TestServer;
beforeAll(async () => {
  t = await startTestServer();
});
afterAll(async () => {
  await t.close();
});

/**
 * Runs every call at once and waits for all of them. Losing a race may be
 * refused (a request already answered, a user blocked meanwhile), but never
 * with a server error: a deadlock between counts would show here.
 */
async function allAtOnce(calls: (() => Promise<unknown>)[]): Promise<void> {
  const results = await Promise.allSettled(calls.map((call) => call()));
  const failures = results.flatMap((r) => (r.status === 'rejected' ? [r.reason] : []));
  expect(failures.filter((error) => !isRapportError(error) || error.data?.code === 'INTERNAL_SERVER_ERROR')).toEqual([]);
}

async function expectNoDrift(users: TestUser[]): Promise<void> {
  const { kept, counted } = await connectionCountsBothWays(t.server.database.db);
  expect(kept).toEqual(counted);
  // And stats says the same to each user.
  const byId = new Map(counted.map((row) => [row.user_id, row]));
  for (const user of users) {
    const row = byId.get(user.id);
    expect(await user.api.connections.stats.query()).toEqual({
      followers: row?.followers,
      following: row?.following,
      friends: row?.friends,
      pendingReceived: row?.pending_received,
      pendingSent: row?.pending_sent,
      blocked: row?.blocked,
    });
  }
}

/** The ids of the friend requests `to` has received and not answered. */
async function pendingFor(to: TestUser): Promise<string[]> {
  const page = await to.api.connections.list.query({ type: 'friend', status: 'pending', direction: 'incoming', limit: 100 });
  return page.items.map((c) => c.id);
}

async function ownConnectionIds(user: TestUser): Promise<string[]> {
  const page = await user.api.connections.list.query({ limit: 100 });
  return page.items.map((c) => c.id);
}

describe('connection counts under concurrent changes', () => {
  it(`stay equal to a full count after ${TIMES} identical follows, then ${TIMES} identical unfollows`, async () => {
    const [fan, star] = await signUpAll(t, 'Fan', 'Star');
    await allAtOnce(Array.from({ length: TIMES }, () => () => fan.api.connections.create.mutate({ targetUserId: star.id, type: 'follow' })));
    await expectNoDrift([fan, star]);
    expect((await star.api.connections.stats.query()).followers).toBe(1);
    const [follow] = await ownConnectionIds(fan);
    if (follow === undefined) throw new Error('the follow was not made');
    await allAtOnce(Array.from({ length: TIMES }, () => () => fan.api.connections.remove.mutate({ connectionId: follow })));
    await expectNoDrift([fan, star]);
    expect((await star.api.connections.stats.query()).followers).toBe(0);
  });

  it('stay equal to a full count after follows, requests, answers, blocks and removals that race each other', async () => {
    const hub = await t.user('Hub');
    const others = await signUpAll(t, 'A1', 'A2', 'A3', 'A4', 'A5', 'A6', 'A7', 'A8', 'A9', 'A10');
    const everyone = [hub, ...others];

    // Round 1, all at once: everyone follows the hub and asks to be friends,
    // the hub follows back half of them, and crossing requests between pairs.
    await allAtOnce([
      ...others.map((u) => () => u.api.connections.create.mutate({ targetUserId: hub.id, type: 'follow' })),
      ...others.map((u) => () => u.api.connections.create.mutate({ targetUserId: hub.id, type: 'friend' })),
      ...others.slice(0, 5).map((u) => () => hub.api.connections.create.mutate({ targetUserId: u.id, type: 'follow' })),
      ...others.slice(0, 5).map((u, i) => () => u.api.connections.create.mutate({ targetUserId: others[i + 5]?.id ?? hub.id, type: 'friend' })),
      ...others.slice(0, 5).map((u, i) => () => (others[i + 5] ?? hub).api.connections.create.mutate({ targetUserId: u.id, type: 'friend' })),
    ]);
    await expectNoDrift(everyone);

    // Round 2, all at once: the hub accepts some requests and declines others
    // (each answer sent several times), some users block the hub while it is
    // answering them, the hub blocks others, and some unfollow.
    const requests = await pendingFor(hub);
    await allAtOnce([
      ...requests.flatMap((id, i) =>
        Array.from({ length: 3 }, () => () => hub.api.connections.respond.mutate({ connectionId: id, status: i % 3 === 2 ? 'rejected' : 'accepted' })),
      ),
      ...others.slice(6, 8).map((u) => () => u.api.connections.create.mutate({ targetUserId: hub.id, type: 'block' })),
      ...others.slice(8, 10).map((u) => () => hub.api.connections.create.mutate({ targetUserId: u.id, type: 'block' })),
      ...others.slice(0, 3).map((u) => async () => {
        const page = await u.api.connections.list.query({ type: 'follow', direction: 'outgoing', limit: 10 });
        await Promise.all(page.items.map((c) => u.api.connections.remove.mutate({ connectionId: c.id })));
      }),
    ]);
    await expectNoDrift(everyone);

    // Round 3, all at once: every user removes everything they have, twice over,
    // while the hub follows them all again.
    const owned = await Promise.all(everyone.map(async (u) => ({ u, ids: await ownConnectionIds(u) })));
    await allAtOnce([
      ...owned.flatMap(({ u, ids }) => ids.flatMap((id) => [0, 1].map(() => () => u.api.connections.remove.mutate({ connectionId: id })))),
      ...others.map((u) => () => hub.api.connections.create.mutate({ targetUserId: u.id, type: 'follow' })),
    ]);
    await expectNoDrift(everyone);
  });
});
