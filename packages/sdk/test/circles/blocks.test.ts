import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ids } from '../activities/helpers';
import { startTestServer, type TestServer } from '../harness';
import { createCircle, everyMember } from './helpers';

let t: TestServer;
beforeAll(async () => {
  t = await startTestServer();
});
afterAll(() => t.close());

describe('blocks and the members list', () => {
  it('the blocker does not see whom they block, nor does the blocked see the blocker; others see both; the count counts both', async () => {
    const [owner, blocker, blocked, other] = await Promise.all([t.user('Owner'), t.user('Blocker'), t.user('Blocked'), t.user('Other')]);
    const circle = await createCircle(owner);
    for (const u of [blocker, blocked, other]) await u.api.community.circles.join.mutate({ circleId: circle.id });
    await blocker.api.connections.create.mutate({ targetUserId: blocked.id, type: 'block' });

    expect(ids(await everyMember(blocker, circle.id, 2))).toEqual([other.id, blocker.id, owner.id]);
    expect(ids(await everyMember(blocked, circle.id, 2))).toEqual([other.id, blocked.id, owner.id]);
    expect(ids(await everyMember(other, circle.id, 2))).toEqual([other.id, blocked.id, blocker.id, owner.id]);
    // Filtered by role too.
    expect(ids(await everyMember(blocker, circle.id, 100, 'member'))).toEqual([other.id, blocker.id]);
    expect((await blocker.api.community.circles.get.query({ circleId: circle.id })).memberCount).toBe(4);

    // A block does not keep anyone out of a circle, and a moderator may still remove someone they block.
    await owner.api.community.circles.setRole.mutate({ circleId: circle.id, userId: blocker.id, role: 'moderator' });
    await blocker.api.community.circles.removeMember.mutate({ circleId: circle.id, userId: blocked.id });
    expect(ids(await everyMember(other, circle.id))).toEqual([other.id, blocker.id, owner.id]);
    expect((await blocked.api.community.circles.join.mutate({ circleId: circle.id })).isMember).toBe(true);

    // Unblocked, each sees the other again.
    const [block] = (await blocker.api.connections.list.query({ type: 'block' })).items;
    if (!block) throw new Error('a block expected');
    await blocker.api.connections.remove.mutate({ connectionId: block.id });
    expect(ids(await everyMember(blocker, circle.id))).toContain(blocked.id);
  });
});
