import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RouterInputs } from '../../src/index';
import { startTestServer, type TestServer, type TestUser } from '../harness';
import { expectError, expectFieldErrors } from '../expect-error';
import { unchecked, unknownId } from './helpers';

type In = RouterInputs['connections'];

let t: TestServer;
let ann: TestUser;
let bob: TestUser;
beforeAll(async () => {
  t = await startTestServer();
  [ann, bob] = await Promise.all([t.user('Ann'), t.user('Bob')]);
});
afterAll(async () => {
  await t.close();
});

describe('connections.create input', () => {
  const create = (input: unknown) => ann.api.connections.create.mutate(unchecked<In['create']>(input));

  it.each([
    ['targetUserId', { targetUserId: 'bob', type: 'follow' }],
    ['targetUserId', { targetUserId: 42, type: 'follow' }],
    ['targetUserId', { type: 'follow' }],
    ['targetUserId', { targetUserId: null, type: 'follow' }],
    ['targetUserId', { targetUserId: `${unknownId()}x`, type: 'follow' }],
    ['type', { targetUserId: unknownId(), type: 'enemy' }],
    ['type', { targetUserId: unknownId() }],
    ['type', { targetUserId: unknownId(), type: ['follow'] }],
    ['message', { targetUserId: unknownId(), type: 'friend', message: 'x'.repeat(501) }],
    ['message', { targetUserId: unknownId(), type: 'friend', message: 7 }],
    ['message', { targetUserId: unknownId(), type: 'friend', message: null }],
  ])('refuses a bad %s: %j', async (field, input) => {
    const error = await expectFieldErrors(create(input), [field]);
    expect(error.message).toMatch(new RegExp(`^Invalid input\\. ${field}: `));
  });

  it('refuses input that is not an object', async () => {
    for (const input of ['follow', 17, [], null]) await expectError(create(input), 'BAD_REQUEST');
  });

  it('takes a message of exactly 500 characters, and measures it after trimming', async () => {
    const exact = await create({ targetUserId: bob.id, type: 'friend', message: 'y'.repeat(500) });
    expect(exact.message).toHaveLength(500);
    const padded = await bob.api.connections.create.mutate({ targetUserId: ann.id, type: 'follow', message: `  ${'z'.repeat(500)}  ` });
    expect(padded.message).toHaveLength(500);
  });

  it('refuses a message with a NUL character as bad input, not as a server error', async () => {
    await expectFieldErrors(create({ targetUserId: bob.id, type: 'follow', message: 'hi\u0000there' }), ['message']);
    await expectFieldErrors(create({ targetUserId: bob.id, type: 'friend', message: '\u0000' }), ['message']);
    expect((await bob.api.connections.check.query({ targetUserId: ann.id })).followedBy).toBe(false);
  });

  it('stores any other text, emoji and a lone surrogate included, without a server error', async () => {
    const dan = await t.user('Dan');
    const made = await create({ targetUserId: dan.id, type: 'friend', message: 'héllo 👋 \ud800 \'; drop table users; --' });
    expect(made.status).toBe('pending');
    expect(made.message).toMatch(/^héllo 👋 .+ '; drop table users; --$/);
  });

  it('takes the actor from the session, never from input: unknown keys change nothing', async () => {
    const cat = await t.user('Cat');
    const made = await create({ targetUserId: cat.id, type: 'follow', requesterId: bob.id, userId: bob.id, status: 'pending' });
    expect(made).toMatchObject({ direction: 'outgoing', status: 'accepted', otherUser: { id: cat.id } });
    expect((await cat.api.connections.check.query({ targetUserId: ann.id })).followedBy).toBe(true);
    expect((await cat.api.connections.check.query({ targetUserId: bob.id })).followedBy).toBe(false);
  });
});

describe('connections.list input', () => {
  const list = (input: unknown) => ann.api.connections.list.query(unchecked<In['list']>(input));
  it.each([
    ['type', { type: 'friends' }],
    ['status', { status: 'declined' }],
    ['direction', { direction: 'both' }],
    ['limit', { limit: 0 }],
    ['limit', { limit: 101 }],
    ['limit', { limit: 2.5 }],
    ['limit', { limit: '10' }],
    ['limit', { limit: -1 }],
    ['cursor', { cursor: 'c'.repeat(501) }],
    ['cursor', { cursor: 12 }],
  ])('refuses a bad %s: %j', async (field, input) => {
    await expectFieldErrors(list(input), [field]);
  });

  it('takes the limits at their bounds', async () => {
    expect((await list({ limit: 1 })).items.length).toBeLessThanOrEqual(1);
    expect(Array.isArray((await list({ limit: 100 })).items)).toBe(true);
  });

  it('refuses a cursor it did not make, without naming a field, and never with a 500', async () => {
    const forged = [
      'not base64 at all!',
      Buffer.from('{"a":1}').toString('base64url'),
      Buffer.from(JSON.stringify(['2024-01-01T00:00:00.000Z'])).toString('base64url'),
      Buffer.from(JSON.stringify(['2024-01-01T00:00:00.000Z', 'not-a-uuid'])).toString('base64url'),
      Buffer.from(JSON.stringify(['2024-02-30T00:00:00.000Z', unknownId()])).toString('base64url'),
      Buffer.from(JSON.stringify([12, unknownId()])).toString('base64url'),
    ];
    for (const cursor of forged) {
      const error = await expectError(list({ cursor }), 'BAD_REQUEST');
      expect(error.message).toMatch(/cursor/);
    }
  });
});

describe('input of the other procedures', () => {
  it.each<[string, string, () => Promise<unknown>]>([
    ['stats', 'userId', () => ann.api.connections.stats.query(unchecked<In['stats']>({ userId: 'me' }))],
    ['stats', 'userId', () => ann.api.connections.stats.query(unchecked<In['stats']>({ userId: 5 }))],
    ['respond', 'connectionId', () => ann.api.connections.respond.mutate(unchecked<In['respond']>({ connectionId: 'abc', status: 'accepted' }))],
    ['respond', 'connectionId', () => ann.api.connections.respond.mutate(unchecked<In['respond']>({ status: 'accepted' }))],
    ['respond', 'status', () => ann.api.connections.respond.mutate(unchecked<In['respond']>({ connectionId: unknownId(), status: 'pending' }))],
    ['respond', 'status', () => ann.api.connections.respond.mutate(unchecked<In['respond']>({ connectionId: unknownId(), status: 'yes' }))],
    ['respond', 'status', () => ann.api.connections.respond.mutate(unchecked<In['respond']>({ connectionId: unknownId() }))],
    ['remove', 'connectionId', () => ann.api.connections.remove.mutate(unchecked<In['remove']>({ connectionId: 'abc' }))],
    ['remove', 'connectionId', () => ann.api.connections.remove.mutate(unchecked<In['remove']>({ connectionId: [unknownId()] }))],
    ['check', 'targetUserId', () => ann.api.connections.check.query(unchecked<In['check']>({ targetUserId: 'abc' }))],
    ['check', 'targetUserId', () => ann.api.connections.check.query(unchecked<In['check']>({}))],
    ['checkMany', 'targetUserIds', () => ann.api.connections.checkMany.query(unchecked<In['checkMany']>({ targetUserIds: unknownId() }))],
    ['checkMany', 'targetUserIds', () => ann.api.connections.checkMany.query({ targetUserIds: [] })],
    [
      'checkMany',
      'targetUserIds',
      () => ann.api.connections.checkMany.query({ targetUserIds: Array.from({ length: 101 }, () => unknownId()) }),
    ],
    ['checkMany', 'targetUserIds.1', () => ann.api.connections.checkMany.query({ targetUserIds: [unknownId(), 'abc'] })],
    ['ofUser', 'userId', () => ann.api.connections.ofUser.query(unchecked<In['ofUser']>({ userId: 'abc', type: 'followers' }))],
    ['ofUser', 'type', () => ann.api.connections.ofUser.query(unchecked<In['ofUser']>({ userId: bob.id, type: 'fans' }))],
    ['ofUser', 'limit', () => ann.api.connections.ofUser.query({ userId: bob.id, type: 'followers', limit: 0 })],
    ['ofUser', 'limit', () => ann.api.connections.ofUser.query({ userId: bob.id, type: 'followers', limit: 101 })],
    ['ofUser', 'cursor', () => ann.api.connections.ofUser.query({ userId: bob.id, type: 'followers', cursor: 'c'.repeat(501) })],
    ['suggestions', 'limit', () => ann.api.connections.suggestions.query({ limit: 0 })],
    ['suggestions', 'limit', () => ann.api.connections.suggestions.query({ limit: 51 })],
    ['suggestions', 'limit', () => ann.api.connections.suggestions.query(unchecked<In['suggestions']>({ limit: 'ten' }))],
  ])('%s refuses a bad %s', async (_procedure, field, call) => {
    await expectFieldErrors(call(), [field]);
  });

  it('accepts the well-formed edge ids (nil uuid) and simply finds nothing', async () => {
    const nil = '00000000-0000-0000-0000-000000000000';
    await expectError(ann.api.connections.create.mutate({ targetUserId: nil, type: 'follow' }), 'NOT_FOUND');
    await expectError(ann.api.connections.remove.mutate({ connectionId: nil }), 'NOT_FOUND');
    await expectError(ann.api.connections.stats.query({ userId: nil }), 'NOT_FOUND');
    expect((await ann.api.connections.check.query({ targetUserId: nil })).friendship).toBe('none');
  });
});

describe('without a session', () => {
  it('every connections procedure answers UNAUTHORIZED', async () => {
    const api = t.anonymous().api.connections;
    const id = bob.id;
    const calls: [string, () => Promise<unknown>][] = [
      ['create', () => api.create.mutate({ targetUserId: id, type: 'follow' })],
      ['list', () => api.list.query({})],
      ['stats', () => api.stats.query()],
      ['stats(userId)', () => api.stats.query({ userId: id })],
      ['respond', () => api.respond.mutate({ connectionId: unknownId(), status: 'accepted' })],
      ['remove', () => api.remove.mutate({ connectionId: unknownId() })],
      ['check', () => api.check.query({ targetUserId: id })],
      ['checkMany', () => api.checkMany.query({ targetUserIds: [id] })],
      ['ofUser', () => api.ofUser.query({ userId: id, type: 'followers' })],
      ['suggestions', () => api.suggestions.query()],
    ];
    for (const [name, call] of calls) {
      const error = await expectError(call(), 'UNAUTHORIZED');
      expect(error.data?.reason, name).toBe('SIGN_IN_REQUIRED');
    }
    expect((await bob.api.connections.stats.query()).followers).toBe(0);
  });

  it('answers UNAUTHORIZED before looking at the input', async () => {
    const api = t.anonymous().api.connections;
    await expectError(api.create.mutate(unchecked<In['create']>({ targetUserId: 'x', type: 'nope' })), 'UNAUTHORIZED');
  });

  it('answers UNAUTHORIZED to a forged access token', async () => {
    const forged = t.anonymous();
    await forged.setSession({
      userId: ann.id,
      sessionId: unknownId(),
      accessToken: 'not.a.jwt',
      accessTokenExpiresAt: new Date(Date.now() + 60_000).toISOString(),
      refreshToken: 'nope',
    });
    await expectError(forged.api.connections.list.query({}), 'UNAUTHORIZED');
  });
});
