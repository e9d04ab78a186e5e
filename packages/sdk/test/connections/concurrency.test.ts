import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isRapportError } from '../../src/index';
import { startTestServer, type TestServer, type TestUser } from '../harness';

const TIMES = 50;

let t: TestServer;
beforeAll(async () => {
  t = await startTestServer();
});
afterAll(async () => {
  await t.close();
});

const pair = () => Promise.all([t.user('Ann'), t.user('Bob')]);
const times = <T>(n: number, call: () => Promise<T>) => Promise.all(Array.from({ length: n }, call));

/** Every outcome of a call, kept rather than thrown, to count successes and failures. */
const settle = <T>(call: Promise<T>) =>
  call.then(
    (value) => ({ ok: true as const, value }),
    (error: unknown) => ({ ok: false as const, error }),
  );

const codeOf = (error: unknown) => (isRapportError(error) ? error.data?.code : `not a Rapport error: ${String(error)}`);

/** The rows the two users have with each other, as each of them lists them. */
async function rowsBetween(a: TestUser, b: TestUser) {
  const [fromA, fromB] = await Promise.all([
    a.api.connections.list.query({ limit: 100 }),
    b.api.connections.list.query({ limit: 100 }),
  ]);
  return {
    fromA: fromA.items.filter((c) => c.otherUser?.id === b.id),
    fromB: fromB.items.filter((c) => c.otherUser?.id === a.id),
  };
}

describe(`${TIMES} identical creates at once`, () => {
  it('follow: every call succeeds with the same id and there is exactly one row', async () => {
    const [ann, bob] = await pair();
    const results = await times(TIMES, () => ann.api.connections.create.mutate({ targetUserId: bob.id, type: 'follow' }));
    const id = results[0]?.id;
    expect(results.every((r) => r.id === id && r.status === 'accepted')).toBe(true);
    const { fromA, fromB } = await rowsBetween(ann, bob);
    expect(fromA.map((c) => c.id)).toEqual([id]);
    expect(fromB.map((c) => c.id)).toEqual([id]);
    expect((await bob.api.connections.stats.query()).followers).toBe(1);
  });

  it('friend: every call succeeds with the same pending request and there is exactly one row', async () => {
    const [ann, bob] = await pair();
    const results = await times(TIMES, () => ann.api.connections.create.mutate({ targetUserId: bob.id, type: 'friend' }));
    const id = results[0]?.id;
    expect(results.every((r) => r.id === id && r.status === 'pending')).toBe(true);
    const { fromA, fromB } = await rowsBetween(ann, bob);
    expect(fromA.map((c) => c.id)).toEqual([id]);
    expect(fromB.map((c) => c.id)).toEqual([id]);
    expect(await ann.api.connections.stats.query()).toMatchObject({ pendingSent: 1 });
    expect(await bob.api.connections.stats.query()).toMatchObject({ pendingReceived: 1 });
  });

  it('block: every call succeeds with the same id and there is exactly one row', async () => {
    const [ann, bob] = await pair();
    const results = await times(TIMES, () => ann.api.connections.create.mutate({ targetUserId: bob.id, type: 'block' }));
    const id = results[0]?.id;
    expect(results.every((r) => r.id === id && r.type === 'block')).toBe(true);
    const { fromA, fromB } = await rowsBetween(ann, bob);
    expect(fromA.map((c) => c.id)).toEqual([id]);
    expect(fromB).toEqual([]);
    expect((await ann.api.connections.stats.query()).blocked).toBe(1);
  });

  it('from separate sessions of the same user, still one row', async () => {
    const [ann, bob] = await pair();
    const secondSession = t.anonymous();
    await secondSession.api.auth.signIn.mutate({ email: ann.email, password: ann.password });
    const results = await Promise.all([
      ...Array.from({ length: TIMES / 2 }, () => ann.api.connections.create.mutate({ targetUserId: bob.id, type: 'follow' })),
      ...Array.from({ length: TIMES / 2 }, () => secondSession.api.connections.create.mutate({ targetUserId: bob.id, type: 'follow' })),
    ]);
    expect(new Set(results.map((r) => r.id)).size).toBe(1);
    expect((await bob.api.connections.stats.query()).followers).toBe(1);
  });
});

describe('races between the two sides', () => {
  it(`${TIMES / 2} A→B and ${TIMES / 2} B→A friend requests at once make exactly one accepted friendship`, async () => {
    const [ann, bob] = await pair();
    const results = await Promise.all([
      ...Array.from({ length: TIMES / 2 }, () => ann.api.connections.create.mutate({ targetUserId: bob.id, type: 'friend' })),
      ...Array.from({ length: TIMES / 2 }, () => bob.api.connections.create.mutate({ targetUserId: ann.id, type: 'friend' })),
    ]);
    const ids = new Set(results.map((r) => r.id));
    expect(ids.size).toBe(1);
    // The first to commit is pending until the other side's first request crosses it.
    expect(results.some((r) => r.status === 'accepted')).toBe(true);
    const { fromA, fromB } = await rowsBetween(ann, bob);
    expect(fromA).toEqual([expect.objectContaining({ type: 'friend', status: 'accepted' })]);
    expect(fromB.map((c) => c.id)).toEqual(fromA.map((c) => c.id));
    expect(await ann.api.connections.stats.query()).toMatchObject({ friends: 1, pendingSent: 0, pendingReceived: 0 });
    expect(await bob.api.connections.stats.query()).toMatchObject({ friends: 1, pendingSent: 0, pendingReceived: 0 });
  });

  it(`a block racing ${TIMES} follows from the other side leaves no follow beside the block`, async () => {
    const pairs = await Promise.all(Array.from({ length: 3 }, pair));
    await Promise.all(
      pairs.map(async ([ann, bob]) => {
        const follows = Array.from({ length: TIMES }, () => settle(bob.api.connections.create.mutate({ targetUserId: ann.id, type: 'follow' })));
        const blocked = settle(ann.api.connections.create.mutate({ targetUserId: bob.id, type: 'block' }));
        const [blockResult, ...followResults] = await Promise.all([blocked, ...follows]);
        expect(blockResult.ok).toBe(true);
        // Each follow either landed before the block (and was then ended by it) or found Ann "not found".
        for (const r of followResults) if (!r.ok) expect(codeOf(r.error)).toBe('NOT_FOUND');

        expect(await ann.api.connections.check.query({ targetUserId: bob.id })).toMatchObject({ blocking: true, followedBy: false });
        expect(await bob.api.connections.check.query({ targetUserId: ann.id })).toMatchObject({ blockedBy: true, following: false });
        expect(await ann.api.connections.stats.query()).toMatchObject({ followers: 0, blocked: 1 });
        const { fromA, fromB } = await rowsBetween(ann, bob);
        expect(fromA.map((c) => c.type)).toEqual(['block']);
        expect(fromB).toEqual([]);
      }),
    );
  });

  it(`a block racing friend requests and their acceptance leaves no friendship beside the block`, async () => {
    const [ann, bob] = await pair();
    const request = await bob.api.connections.create.mutate({ targetUserId: ann.id, type: 'friend' });
    const outcomes = await Promise.all([
      settle(ann.api.connections.respond.mutate({ connectionId: request.id, status: 'accepted' })),
      settle(ann.api.connections.create.mutate({ targetUserId: bob.id, type: 'block' })),
      ...Array.from({ length: TIMES / 2 }, () => settle(bob.api.connections.create.mutate({ targetUserId: ann.id, type: 'friend' }))),
    ]);
    for (const r of outcomes) if (!r.ok) expect(['NOT_FOUND', 'FORBIDDEN']).toContain(codeOf(r.error));
    expect(await ann.api.connections.check.query({ targetUserId: bob.id })).toMatchObject({ blocking: true, friendship: 'none' });
    expect(await bob.api.connections.stats.query()).toMatchObject({ friends: 0, pendingSent: 0 });
  });
});

describe(`${TIMES} answers at once`, () => {
  it('concurrent accepts of one request all return the same accepted row', async () => {
    const [ann, bob] = await pair();
    const request = await ann.api.connections.create.mutate({ targetUserId: bob.id, type: 'friend' });
    const results = await times(TIMES, () => bob.api.connections.respond.mutate({ connectionId: request.id, status: 'accepted' }));
    const first = results[0];
    expect(first).toMatchObject({ id: request.id, status: 'accepted' });
    for (const r of results) expect(r).toEqual(first);
    expect(await bob.api.connections.stats.query()).toMatchObject({ friends: 1, pendingReceived: 0 });
  });

  it('racing accepts and declines: one answer wins, the others get it back or CONFLICT', async () => {
    const [ann, bob] = await pair();
    const request = await ann.api.connections.create.mutate({ targetUserId: bob.id, type: 'friend' });
    const outcomes = await Promise.all(
      Array.from({ length: TIMES }, (_, i) =>
        settle(bob.api.connections.respond.mutate({ connectionId: request.id, status: i % 2 === 0 ? 'accepted' : 'rejected' })),
      ),
    );
    const statuses = new Set(outcomes.flatMap((r) => (r.ok ? [r.value.status] : [])));
    expect(statuses.size).toBe(1);
    for (const r of outcomes) if (!r.ok) expect(codeOf(r.error)).toBe('CONFLICT');
    const winner = [...statuses][0];
    const listed = await ann.api.connections.list.query({ type: 'friend' });
    expect(listed.items.map((c) => [c.id, c.status])).toEqual([[request.id, winner]]);
  });

  it('concurrent removes: exactly one succeeds, the rest are NOT_FOUND', async () => {
    const [ann, bob] = await pair();
    const follow = await ann.api.connections.create.mutate({ targetUserId: bob.id, type: 'follow' });
    const outcomes = await Promise.all(
      Array.from({ length: TIMES }, (_, i) => settle((i % 2 === 0 ? ann : bob).api.connections.remove.mutate({ connectionId: follow.id }))),
    );
    expect(outcomes.filter((r) => r.ok)).toHaveLength(1);
    for (const r of outcomes) if (!r.ok) expect(codeOf(r.error)).toBe('NOT_FOUND');
    expect((await bob.api.connections.stats.query()).followers).toBe(0);
  });
});
