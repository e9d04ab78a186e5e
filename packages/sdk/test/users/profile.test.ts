import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RouterInputs } from '../../src/index';
import { startTestServer, type TestServer } from '../harness';
import { expectError, expectFieldErrors } from '../expect-error';

let t: TestServer;
beforeAll(async () => {
  t = await startTestServer();
});
afterAll(async () => {
  await t.close();
});

describe('users.updateMe', () => {
  it('changes only the fields given', async () => {
    const ann = await t.user('Ann');
    const initial = (await ann.api.auth.me.query()).user;

    const named = await ann.api.users.updateMe.mutate({ name: '  Ann Lee  ' });
    expect(named).toMatchObject({ name: 'Ann Lee', bio: '', avatarUrl: null, city: null, interests: [], email: ann.email });
    const withBio = await ann.api.users.updateMe.mutate({ bio: 'Tutor in maths.\nLikes chess.' });
    expect(withBio).toMatchObject({ name: 'Ann Lee', bio: 'Tutor in maths.\nLikes chess.' });
    const withAvatar = await ann.api.users.updateMe.mutate({ avatarUrl: 'https://cdn.example.test/ann.png' });
    expect(withAvatar).toMatchObject({ name: 'Ann Lee', bio: 'Tutor in maths.\nLikes chess.', avatarUrl: 'https://cdn.example.test/ann.png' });
    const withCity = await ann.api.users.updateMe.mutate({ city: 'Lisbon' });
    expect(withCity).toMatchObject({ avatarUrl: 'https://cdn.example.test/ann.png', city: 'Lisbon' });
    const withInterests = await ann.api.users.updateMe.mutate({ interests: [' board games ', 'Reading'] });
    expect(withInterests).toMatchObject({
      id: ann.id,
      email: ann.email,
      name: 'Ann Lee',
      bio: 'Tutor in maths.\nLikes chess.',
      avatarUrl: 'https://cdn.example.test/ann.png',
      city: 'Lisbon',
      interests: ['Board Games', 'Reading'],
      createdAt: initial.createdAt,
    });
    expect(Date.parse(withInterests.updatedAt)).toBeGreaterThanOrEqual(Date.parse(initial.updatedAt));

    // Nothing given, nothing changed.
    expect(await ann.api.users.updateMe.mutate({})).toMatchObject({ name: 'Ann Lee', city: 'Lisbon', interests: ['Board Games', 'Reading'] });
    expect((await ann.api.auth.me.query()).user).toMatchObject({ name: 'Ann Lee', city: 'Lisbon', interests: ['Board Games', 'Reading'] });
  });

  it('clears the avatar and the city with null, and the interests with an empty list', async () => {
    const ann = await t.user('Ann');
    await ann.api.users.updateMe.mutate({ avatarUrl: 'https://cdn.example.test/a.png', city: 'Porto', interests: ['Yoga'], bio: 'hello' });
    const cleared = await ann.api.users.updateMe.mutate({ avatarUrl: null, city: null, interests: [], bio: '' });
    expect(cleared).toMatchObject({ avatarUrl: null, city: null, interests: [], bio: '', name: 'Ann' });
    const bob = await t.user('Bob');
    expect(await bob.api.users.get.query({ userId: ann.id })).toMatchObject({ avatarUrl: null, city: null, interests: [], bio: '' });
  });

  it('accepts only https avatar URLs', async () => {
    const ann = await t.user('Ann');
    for (const avatarUrl of ['http://cdn.example.test/a.png', 'javascript:alert(1)', 'ftp://example.test/a.png', 'not a url']) {
      await expectFieldErrors(ann.api.users.updateMe.mutate({ avatarUrl }), ['avatarUrl']);
    }
    await expectFieldErrors(ann.api.users.updateMe.mutate({ avatarUrl: `https://example.test/${'a'.repeat(2048)}` }), ['avatarUrl']);
    expect((await ann.api.auth.me.query()).user.avatarUrl).toBeNull();
  });

  it('enforces the length limits with field errors, and accepts values at the limit', async () => {
    const ann = await t.user('Ann');
    await expectFieldErrors(ann.api.users.updateMe.mutate({ name: 'n'.repeat(101) }), ['name']);
    await expectFieldErrors(ann.api.users.updateMe.mutate({ name: '   ' }), ['name']);
    await expectFieldErrors(ann.api.users.updateMe.mutate({ bio: 'b'.repeat(1001) }), ['bio']);
    await expectFieldErrors(ann.api.users.updateMe.mutate({ city: 'c'.repeat(101) }), ['city']);
    await expectFieldErrors(ann.api.users.updateMe.mutate({ interests: Array.from({ length: 21 }, () => 'Yoga') }), ['interests']);
    await expectFieldErrors(ann.api.users.updateMe.mutate({ interests: ['Yoga', 'i'.repeat(41)] }), ['interests.1']);
    await expectFieldErrors(ann.api.users.updateMe.mutate({ interests: ['Yoga', '  '] }), ['interests.1']);

    const atLimit = await ann.api.users.updateMe.mutate({
      name: 'n'.repeat(100),
      bio: 'b'.repeat(1000),
      city: 'c'.repeat(100),
      interests: ['Wellness', 'Meditation', 'Mindfulness', 'Yoga', 'Breathwork', 'Journaling', 'Nutrition', 'Sleep', 'Fitness', 'Running', 'Hiking', 'Cycling', 'Swimming', 'Climbing', 'Dance', 'Pilates', 'Strength Training', 'Creative', 'Art', 'Painting'],
    });
    expect(atLimit.name).toHaveLength(100);
    expect(atLimit.bio).toHaveLength(1000);
    expect(atLimit.interests).toHaveLength(20);
  });

  it('refuses control characters with a field error instead of failing in the database', async () => {
    const ann = await t.user('Ann');
    await expectFieldErrors(ann.api.users.updateMe.mutate({ name: 'Ann\u0000' }), ['name']);
    await expectFieldErrors(ann.api.users.updateMe.mutate({ bio: 'nul \u0000 byte' }), ['bio']);
    await expectFieldErrors(ann.api.users.updateMe.mutate({ city: 'Li\u0000sbon' }), ['city']);
    await expectFieldErrors(ann.api.users.updateMe.mutate({ interests: ['Reading', 'Rea\u0000ding'] }), ['interests.1']);
    await expectFieldErrors(ann.api.users.updateMe.mutate({ avatarUrl: 'https://example.test/\u0000.png' }), ['avatarUrl']);
    await expectFieldErrors(ann.api.users.updateMe.mutate({ name: 'Ann\u0007Bell' }), ['name']);
    expect((await ann.api.auth.me.query()).user.name).toBe('Ann');
  });

  it('applies all of an update or none of it', async () => {
    const ann = await t.user('Ann');
    await expectFieldErrors(ann.api.users.updateMe.mutate({ name: 'Valid Name', bio: 'b'.repeat(1001) }), ['bio']);
    expect((await ann.api.auth.me.query()).user).toMatchObject({ name: 'Ann', bio: '' });
  });

  it('acts on the signed-in user only: ids and emails in the input are ignored', async () => {
    const ann = await t.user('Ann');
    const bob = await t.user('Bob');
    const sneaky = { name: 'Renamed', id: bob.id, userId: bob.id, email: 'taken@example.test' };
    const input: RouterInputs['users']['updateMe'] = sneaky;
    const updated = await ann.api.users.updateMe.mutate(input);
    expect(updated).toMatchObject({ id: ann.id, name: 'Renamed', email: ann.email });
    expect((await bob.api.auth.me.query()).user).toMatchObject({ name: 'Bob', email: bob.email });
  });
});

describe('users.get', () => {
  it('returns the public profile, without the email', async () => {
    const ann = await t.user('Ann');
    const bob = await t.user('Bob');
    await ann.api.users.updateMe.mutate({ bio: 'Hi', city: 'Lisbon', interests: ['Art'], avatarUrl: 'https://example.test/a.png', identityBadge: 'Listener', age: 34 });
    const profile = await bob.api.users.get.query({ userId: ann.id });
    expect(profile).toEqual({
      id: ann.id,
      name: 'Ann',
      bio: 'Hi',
      avatarUrl: 'https://example.test/a.png',
      city: 'Lisbon',
      interests: ['Art'],
      identityBadge: 'Listener',
      createdAt: expect.any(String),
    });
    expect(JSON.stringify(profile)).not.toContain(ann.email);
    expect((await ann.api.users.get.query({ userId: ann.id })).id).toBe(ann.id);
  });

  it('treats a user who blocked you, or whom you blocked, exactly like one that does not exist', async () => {
    const ann = await t.user('Ann');
    const bob = await t.user('Bob');
    const carl = await t.user('Carl');
    const missing = await expectError(ann.api.users.get.query({ userId: randomUUID() }), 'NOT_FOUND');

    await bob.api.connections.create.mutate({ targetUserId: ann.id, type: 'block' });
    const blockedByThem = await expectError(ann.api.users.get.query({ userId: bob.id }), 'NOT_FOUND');
    const blockedByMe = await expectError(bob.api.users.get.query({ userId: ann.id }), 'NOT_FOUND');
    for (const error of [blockedByThem, blockedByMe]) {
      expect({ message: error.message, reason: error.data?.reason }).toEqual({ message: missing.message, reason: missing.data?.reason });
    }
    // Only between the two of them.
    expect((await carl.api.users.get.query({ userId: bob.id })).id).toBe(bob.id);
    expect((await carl.api.users.get.query({ userId: ann.id })).id).toBe(ann.id);
  });
});
