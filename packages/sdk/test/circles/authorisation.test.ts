import { randomUUID } from 'node:crypto';
import { sql } from '@rapport/db';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ids } from '../activities/helpers';
import { expectError } from '../expect-error';
import { startTestServer, type TestServer, type TestUser } from '../harness';
import { createCircle, everyCircle, everyMember, everyMine, uniqueWord, type Circle } from './helpers';

let t: TestServer;
let owner: TestUser;
let mod: TestUser;
let member: TestUser;
let stranger: TestUser;
let circle: Circle;
let otherOwner: TestUser;
let other: Circle;

beforeAll(async () => {
  t = await startTestServer();
  [owner, mod, member, stranger, otherOwner] = await Promise.all([t.user('Owner'), t.user('Mod'), t.user('Member'), t.user('Stranger'), t.user('Other Owner')]);
  circle = await createCircle(owner, { name: 'Mindful Mornings' });
  other = await createCircle(otherOwner, { name: 'Night Owls', category: 'Social' });
  for (const u of [mod, member]) await u.api.community.circles.join.mutate({ circleId: circle.id });
  await owner.api.community.circles.setRole.mutate({ circleId: circle.id, userId: mod.id, role: 'moderator' });
  // The moderator of one circle is a plain member of another.
  await mod.api.community.circles.join.mutate({ circleId: other.id });
  await member.api.community.circles.join.mutate({ circleId: other.id });
});
afterAll(() => t.close());

describe('details', () => {
  it('a live circle is open to anyone signed in, with its counts, my role and its newest posts', async () => {
    const db = t.server.database.db;
    for (let i = 1; i <= 7; i++) {
      await db.execute(sql`insert into circle_posts (circle_id, author_id, body, created_at)
        values (${circle.id}, ${owner.id}, ${`post ${i}`}, now() - (${10 - i} || ' minutes')::interval)`);
    }
    const seen = await stranger.api.community.circles.get.query({ circleId: circle.id });
    expect(seen).toMatchObject({ id: circle.id, name: 'Mindful Mornings', memberCount: 3, postCount: 7, isMember: false, myRole: null });
    expect(seen.lastPostAt).not.toBeNull();
    // LIMITS.circleRecentPosts, newest first.
    expect(seen.recentPosts.map((p) => p.body)).toEqual(['post 7', 'post 6', 'post 5', 'post 4', 'post 3']);
    expect(seen.recentPosts[0]?.author).toEqual({ id: owner.id, name: 'Owner', avatarUrl: null });
    expect((await mod.api.community.circles.get.query({ circleId: circle.id })).myRole).toBe('moderator');
    expect(await everyMember(stranger, circle.id)).toHaveLength(3);
  });

  it('an unknown id is NOT_FOUND, the same words as any other', async () => {
    const error = await expectError(stranger.api.community.circles.get.query({ circleId: randomUUID() }), 'NOT_FOUND');
    expect(error.message).toBe('Circle not found.');
    for (const call of [
      () => stranger.api.community.circles.join.mutate({ circleId: randomUUID() }),
      () => stranger.api.community.circles.leave.mutate({ circleId: randomUUID() }),
      () => stranger.api.community.circles.members.query({ circleId: randomUUID() }),
      () => owner.api.community.circles.update.mutate({ circleId: randomUUID(), name: 'x' }),
      () => owner.api.community.circles.archive.mutate({ circleId: randomUUID() }),
      () => owner.api.community.circles.removeMember.mutate({ circleId: randomUUID(), userId: member.id }),
    ]) {
      expect((await expectError(call(), 'NOT_FOUND')).message).toBe('Circle not found.');
    }
  });
});

describe('who may change a circle', () => {
  it('a member or a stranger cannot update, archive, restore or moderate it', async () => {
    for (const who of [member, stranger]) {
      await expectError(who.api.community.circles.update.mutate({ circleId: circle.id, name: 'Mine now' }), 'FORBIDDEN');
      await expectError(who.api.community.circles.archive.mutate({ circleId: circle.id }), 'FORBIDDEN');
      await expectError(who.api.community.circles.restore.mutate({ circleId: circle.id }), 'FORBIDDEN');
      await expectError(who.api.community.circles.removeMember.mutate({ circleId: circle.id, userId: mod.id }), 'FORBIDDEN');
      await expectError(who.api.community.circles.setRole.mutate({ circleId: circle.id, userId: member.id, role: 'moderator' }), 'FORBIDDEN');
      await expectError(who.api.community.circles.transferOwnership.mutate({ circleId: circle.id, userId: member.id }), 'FORBIDDEN');
    }
    expect((await stranger.api.community.circles.get.query({ circleId: circle.id })).name).toBe('Mindful Mornings');
  });

  it('a moderator may update it, but their powers stop at their own circle', async () => {
    const updated = await mod.api.community.circles.update.mutate({ circleId: circle.id, description: 'Calm, together', color: '#AABBCC' });
    expect(updated).toMatchObject({ description: 'Calm, together', color: '#aabbcc', name: 'Mindful Mornings' });
    await expectError(mod.api.community.circles.update.mutate({ circleId: other.id, name: 'Taken over' }), 'FORBIDDEN');
    await expectError(mod.api.community.circles.archive.mutate({ circleId: other.id }), 'FORBIDDEN');
    await expectError(mod.api.community.circles.removeMember.mutate({ circleId: other.id, userId: member.id }), 'FORBIDDEN');
    expect(ids(await everyMember(otherOwner, other.id))).toContain(member.id);
    // Nor may a moderator remove the owner, or restore what the owner alone may.
    await expectError(mod.api.community.circles.removeMember.mutate({ circleId: circle.id, userId: owner.id }), 'FORBIDDEN');
  });

  it('the owner updates part of it; imageUrl null removes the image; an update naming nothing new changes nothing', async () => {
    const withImage = await owner.api.community.circles.update.mutate({ circleId: circle.id, imageUrl: 'https://img.example/a.png', category: 'Creative' });
    expect(withImage).toMatchObject({ imageUrl: 'https://img.example/a.png', category: 'Creative', description: 'Calm, together' });
    expect((await owner.api.community.circles.update.mutate({ circleId: circle.id, imageUrl: null })).imageUrl).toBeNull();
    expect((await owner.api.community.circles.update.mutate({ circleId: circle.id, name: 'Mindful Mornings' })).name).toBe('Mindful Mornings');
  });
});

describe('an archived circle', () => {
  it('is NOT_FOUND to strangers, closed to changes and joins, kept by its members, and restored by its owner alone', async () => {
    const word = uniqueWord('arch');
    const c = await createCircle(owner, { name: `${word} circle` });
    await member.api.community.circles.join.mutate({ circleId: c.id });
    await mod.api.community.circles.join.mutate({ circleId: c.id });
    await owner.api.community.circles.setRole.mutate({ circleId: c.id, userId: mod.id, role: 'moderator' });
    const archived = await mod.api.community.circles.archive.mutate({ circleId: c.id });
    expect(archived.archivedAt).not.toBeNull();
    // Archiving again is the same.
    expect((await owner.api.community.circles.archive.mutate({ circleId: c.id })).archivedAt).toBe(archived.archivedAt);

    for (const call of [
      () => stranger.api.community.circles.get.query({ circleId: c.id }),
      () => stranger.api.community.circles.join.mutate({ circleId: c.id }),
      () => stranger.api.community.circles.members.query({ circleId: c.id }),
      () => stranger.api.community.circles.leave.mutate({ circleId: c.id }),
    ]) {
      expect((await expectError(call(), 'NOT_FOUND')).message).toBe('Circle not found.');
    }
    expect(await everyCircle(stranger, { query: word })).toEqual([]);

    // Members still see it, and its members list; nobody may change it.
    expect((await member.api.community.circles.get.query({ circleId: c.id })).archivedAt).toBe(archived.archivedAt);
    expect(await everyMember(member, c.id)).toHaveLength(3);
    const closed = await expectError(owner.api.community.circles.update.mutate({ circleId: c.id, name: 'Renamed' }), 'CONFLICT');
    expect(closed.message).toMatch(/^This circle was archived on \d{4}-\d{2}-\d{2}, so you cannot change it\. Its owner can restore it\.$/);
    await expectError(mod.api.community.circles.restore.mutate({ circleId: c.id }), 'FORBIDDEN');

    // A member who leaves it cannot come back while it is archived.
    await member.api.community.circles.leave.mutate({ circleId: c.id });
    await expectError(member.api.community.circles.join.mutate({ circleId: c.id }), 'NOT_FOUND');
    expect(ids(await everyMine(member, 100, true))).not.toContain(c.id);

    const restored = await owner.api.community.circles.restore.mutate({ circleId: c.id });
    expect(restored).toMatchObject({ archivedAt: null, memberCount: 2 });
    expect(ids(await everyCircle(stranger, { query: word }))).toEqual([c.id]);
    expect((await member.api.community.circles.join.mutate({ circleId: c.id })).memberCount).toBe(3);
  });
});
