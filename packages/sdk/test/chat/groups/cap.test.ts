import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../../harness';
import { expectError, settleAll } from '../../expect-error';
import { allMembers, seedUsers } from './helpers';

// LIMITS.groupMembers and LIMITS.membersPerCall on the server: the test fills a real group to the cap.
const CAP = 256;
const PER_CALL = 50;

let t: TestServer;
beforeAll(async () => {
  t = await startTestServer();
});
afterAll(() => t.close());

const idsOf = (list: { id: string }[]) => list.map((u) => u.id);

describe('the group size cap', () => {
  it(`fills a group to exactly ${CAP} and never past it, even when adds race at the edge`, async () => {
    const owner = await t.user('Owner');
    const fill = await seedUsers(t, CAP - 1, 'Crowd');
    const late = await seedUsers(t, 10, 'Late');
    const g = await owner.api.chat.createGroup.mutate({ title: 'Crowd', memberIds: idsOf(fill.slice(0, PER_CALL)) });
    for (let i = PER_CALL; i < fill.length; i += PER_CALL) {
      await owner.api.chat.addMembers.mutate({ conversationId: g.id, userIds: idsOf(fill.slice(i, i + PER_CALL)) });
    }
    expect((await owner.api.chat.get.query({ conversationId: g.id })).memberCount).toBe(CAP);

    const full = await expectError(owner.api.chat.addMembers.mutate({ conversationId: g.id, userIds: idsOf(late.slice(0, 1)) }), 'CONFLICT');
    expect(full.message).toBe(`A group can have at most ${CAP} members and this one is full. Remove someone to make room.`);

    // Room for three: ten different users race for it.
    for (const u of fill.slice(0, 3)) await owner.api.chat.removeMember.mutate({ conversationId: g.id, userId: u.id });
    const settled = await settleAll(late.map((u) => owner.api.chat.addMembers.mutate({ conversationId: g.id, userIds: [u.id] })));
    expect(settled.filter((s) => s.ok)).toHaveLength(3);
    for (const s of settled) if (!s.ok) expect(s.error.data?.code).toBe('CONFLICT');
    const members = await allMembers(owner, g.id);
    expect(members).toHaveLength(CAP);
    expect(new Set(idsOf(members.map((m) => ({ id: m.userId })))).size).toBe(CAP);
    expect((await owner.api.chat.get.query({ conversationId: g.id })).memberCount).toBe(CAP);

    // A batch that would overflow is refused whole, saying how much room is left.
    await owner.api.chat.removeMember.mutate({ conversationId: g.id, userId: fill[5]?.id ?? '' });
    const tooMany = await expectError(owner.api.chat.addMembers.mutate({ conversationId: g.id, userIds: idsOf(fill.slice(0, 3)) }), 'CONFLICT');
    expect(tooMany.message).toBe(`A group can have at most ${CAP} members and this one has ${CAP - 1}: add at most 1 more.`);
    expect((await owner.api.chat.get.query({ conversationId: g.id })).memberCount).toBe(CAP - 1);
  });
});
