import { sql } from '@rapport/db';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ids } from '../activities/helpers';
import { expectError, settleAll } from '../expect-error';
import { startTestServer, type TestServer } from '../harness';
import { countsInDatabase, createCircle, everyMember, everyMine } from './helpers';

// LIMITS.circlesJoinedPerUser
const JOINED_CAP = 500;

let t: TestServer;
beforeAll(async () => {
  t = await startTestServer();
});
afterAll(() => t.close());

describe('join and leave', () => {
  it('join adds me as a member; joining again, even 20 times at once, answers the same and counts me once', async () => {
    const [owner, ann] = await Promise.all([t.user('Owner'), t.user('Ann')]);
    const circle = await createCircle(owner);
    const joined = await ann.api.community.circles.join.mutate({ circleId: circle.id });
    expect(joined).toMatchObject({ id: circle.id, memberCount: 2, isMember: true, myRole: 'member' });
    const again = await settleAll(Array.from({ length: 20 }, () => ann.api.community.circles.join.mutate({ circleId: circle.id })));
    for (const r of again) expect(r.ok ? [r.value.memberCount, r.value.myRole] : r.error.message).toEqual([2, 'member']);
    expect(await countsInDatabase(t, circle.id)).toEqual({ rows: 2, kept: 2 });
    expect((await everyMember(owner, circle.id)).map((m) => [m.id, m.role])).toEqual([
      [ann.id, 'member'],
      [owner.id, 'owner'],
    ]);
  });

  it('leave takes me out; leaving again changes nothing; I can join back', async () => {
    const [owner, ann] = await Promise.all([t.user(), t.user()]);
    const circle = await createCircle(owner);
    await ann.api.community.circles.join.mutate({ circleId: circle.id });
    const left = await ann.api.community.circles.leave.mutate({ circleId: circle.id });
    expect(left).toMatchObject({ memberCount: 1, isMember: false, myRole: null });
    expect(await ann.api.community.circles.leave.mutate({ circleId: circle.id })).toMatchObject({ memberCount: 1, isMember: false });
    expect(await everyMine(ann)).toEqual([]);
    expect(await ann.api.community.circles.join.mutate({ circleId: circle.id })).toMatchObject({ memberCount: 2, myRole: 'member' });
  });

  it('the owner cannot leave until they hand the circle over; then they leave as a moderator', async () => {
    const [owner, ann] = await Promise.all([t.user(), t.user()]);
    const circle = await createCircle(owner);
    const error = await expectError(owner.api.community.circles.leave.mutate({ circleId: circle.id }), 'CONFLICT');
    expect(error.message).toContain('hand it to another member first');
    await ann.api.community.circles.join.mutate({ circleId: circle.id });
    const handed = await owner.api.community.circles.transferOwnership.mutate({ circleId: circle.id, userId: ann.id });
    expect(handed.myRole).toBe('moderator');
    expect((await ann.api.community.circles.get.query({ circleId: circle.id })).myRole).toBe('owner');
    expect(await owner.api.community.circles.leave.mutate({ circleId: circle.id })).toMatchObject({ isMember: false, memberCount: 1 });
    expect((await everyMember(ann, circle.id)).map((m) => [m.id, m.role])).toEqual([[ann.id, 'owner']]);
  });

  it(`caps the circles one person belongs to at ${JOINED_CAP}: of five joins racing at ${JOINED_CAP - 1}, one lands`, async () => {
    const [owner, busy] = await Promise.all([t.user('Owner'), t.user('Busy')]);
    const db = t.server.database.db;
    // 499 memberships seeded in SQL (the trigger counts them as any other).
    await db.execute(sql`
      with made as (
        insert into circles (name, category, color, created_by)
        select 'Seeded ' || n, 'Social', '#123456', ${owner.id}::uuid from generate_series(1, ${JOINED_CAP - 1}) n returning id)
      insert into circle_members (circle_id, user_id, role) select id, ${busy.id}::uuid, 'member' from made`);
    // Five more, owned by others so the owner's own cap is not in the way.
    const others = await Promise.all(Array.from({ length: 5 }, () => t.user()));
    const open = await Promise.all(others.map((o) => createCircle(o)));
    const results = await settleAll(open.map((c) => busy.api.community.circles.join.mutate({ circleId: c.id })));
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    for (const r of results.filter((r) => !r.ok)) {
      expect(r.ok ? null : [r.error.data?.code, r.error.message]).toEqual(['CONFLICT', `You belong to ${JOINED_CAP} circles, the most one person may. Leave one to join another.`]);
    }
    // Already a member of one: joining it again still answers.
    const landed = results.findIndex((r) => r.ok);
    const member = open[landed];
    if (!member) throw new Error('a joined circle expected');
    expect((await busy.api.community.circles.join.mutate({ circleId: member.id })).isMember).toBe(true);
    // A create makes its creator a member, so it is refused too.
    await expectError(createCircle(busy), 'CONFLICT');
    // Leaving one makes room.
    await busy.api.community.circles.leave.mutate({ circleId: member.id });
    const another = open[(landed + 1) % open.length];
    if (!another) throw new Error('another circle expected');
    expect((await busy.api.community.circles.join.mutate({ circleId: another.id })).isMember).toBe(true);
  }, 60_000);
});

describe('moderation: removals, roles and ownership', () => {
  it('the owner makes a moderator; a moderator removes a member but not the owner or another moderator', async () => {
    const [owner, mod, mod2, member, other] = await Promise.all([t.user('Owner'), t.user('Mod'), t.user('Mod Two'), t.user('Member'), t.user('Other')]);
    const circle = await createCircle(owner);
    for (const u of [mod, mod2, member, other]) await u.api.community.circles.join.mutate({ circleId: circle.id });
    await owner.api.community.circles.setRole.mutate({ circleId: circle.id, userId: mod.id, role: 'moderator' });
    await owner.api.community.circles.setRole.mutate({ circleId: circle.id, userId: mod2.id, role: 'moderator' });
    // Twice is the same.
    expect((await owner.api.community.circles.setRole.mutate({ circleId: circle.id, userId: mod.id, role: 'moderator' })).memberCount).toBe(5);
    expect(ids(await everyMember(other, circle.id, 100, 'moderator'))).toEqual([mod2.id, mod.id]);
    expect(ids(await everyMember(other, circle.id, 100, 'owner'))).toEqual([owner.id]);
    expect(ids(await everyMember(other, circle.id, 1, 'member'))).toEqual([other.id, member.id]);

    const removed = await mod.api.community.circles.removeMember.mutate({ circleId: circle.id, userId: member.id });
    expect(removed).toMatchObject({ memberCount: 4, myRole: 'moderator' });
    expect((await member.api.community.circles.get.query({ circleId: circle.id })).isMember).toBe(false);
    // Removing someone no longer there changes nothing.
    expect((await mod.api.community.circles.removeMember.mutate({ circleId: circle.id, userId: member.id })).memberCount).toBe(4);
    expect((await expectError(mod.api.community.circles.removeMember.mutate({ circleId: circle.id, userId: owner.id }), 'FORBIDDEN')).message).toBe(
      'The owner cannot be removed from their circle.',
    );
    expect((await expectError(mod.api.community.circles.removeMember.mutate({ circleId: circle.id, userId: mod2.id }), 'FORBIDDEN')).message).toBe(
      'Only the owner can remove a moderator.',
    );
    await expectError(mod.api.community.circles.removeMember.mutate({ circleId: circle.id, userId: mod.id }), 'CONFLICT');
    // A moderator cannot name moderators or hand the circle over.
    await expectError(mod.api.community.circles.setRole.mutate({ circleId: circle.id, userId: other.id, role: 'moderator' }), 'FORBIDDEN');
    await expectError(mod.api.community.circles.transferOwnership.mutate({ circleId: circle.id, userId: mod.id }), 'FORBIDDEN');
    // The owner removes a moderator.
    expect((await owner.api.community.circles.removeMember.mutate({ circleId: circle.id, userId: mod2.id })).memberCount).toBe(3);
    // A moderator made a member again loses the power at once.
    await owner.api.community.circles.setRole.mutate({ circleId: circle.id, userId: mod.id, role: 'member' });
    await expectError(mod.api.community.circles.removeMember.mutate({ circleId: circle.id, userId: other.id }), 'FORBIDDEN');
    expect(await countsInDatabase(t, circle.id)).toEqual({ rows: 3, kept: 3 });
  });

  it('roles and ownership go only to members; the owner cannot change their own role; one owner always', async () => {
    const [owner, ann, stranger] = await Promise.all([t.user(), t.user(), t.user()]);
    const circle = await createCircle(owner);
    await ann.api.community.circles.join.mutate({ circleId: circle.id });
    await expectError(owner.api.community.circles.setRole.mutate({ circleId: circle.id, userId: stranger.id, role: 'moderator' }), 'NOT_FOUND');
    await expectError(owner.api.community.circles.transferOwnership.mutate({ circleId: circle.id, userId: stranger.id }), 'NOT_FOUND');
    await expectError(owner.api.community.circles.setRole.mutate({ circleId: circle.id, userId: owner.id, role: 'member' }), 'CONFLICT');
    await expectError(owner.api.community.circles.transferOwnership.mutate({ circleId: circle.id, userId: owner.id }), 'CONFLICT');
    // Handed over and back, several times at once: exactly one owner at the end.
    const results = await settleAll(Array.from({ length: 10 }, () => owner.api.community.circles.transferOwnership.mutate({ circleId: circle.id, userId: ann.id })));
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    for (const r of results) if (!r.ok) expect(r.error.data?.code).toBe('FORBIDDEN');
    expect((await everyMember(stranger, circle.id, 100, 'owner')).map((m) => m.id)).toEqual([ann.id]);
    expect((await everyMember(stranger, circle.id, 100, 'moderator')).map((m) => m.id)).toEqual([owner.id]);
  });
});
