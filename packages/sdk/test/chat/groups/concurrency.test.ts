import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../../harness';
import { settleAll } from '../../expect-error';
import { allMembers, group, listening, sleep, users } from './helpers';

let t: TestServer;
beforeAll(async () => {
  t = await startTestServer();
});
afterAll(() => t.close());

describe('group membership under concurrency', () => {
  it('50 concurrent createGroup calls with one client key make one group', async () => {
    const [ann, bob] = await Promise.all([t.user('Ann'), t.user('Bob')]);
    const clientKey = randomUUID();
    const results = await Promise.all(
      Array.from({ length: 50 }, () => ann.api.chat.createGroup.mutate({ title: 'Once', memberIds: [bob.id], clientKey })),
    );
    expect(new Set(results.map((r) => r.id)).size).toBe(1);
    const listed = await ann.api.chat.list.query({});
    expect(listed.items.filter((c) => c.title === 'Once')).toHaveLength(1);
  });

  it('50 concurrent adds of one user make one membership, one event and one system message', async () => {
    const [ann, bob, cy] = await Promise.all([t.user('Ann'), t.user('Bob'), t.user('Cy')]);
    const g = await group(ann, [bob]);
    const bobHears = await listening(bob);
    const results = await Promise.all(Array.from({ length: 50 }, () => ann.api.chat.addMembers.mutate({ conversationId: g.id, userIds: [cy.id] })));
    expect(new Set(results.map((r) => r.memberCount))).toEqual(new Set([3]));
    const members = await allMembers(ann, g.id);
    expect(members.filter((m) => m.userId === cy.id)).toHaveLength(1);
    expect(members).toHaveLength(3);
    const view = await ann.api.chat.get.query({ conversationId: g.id });
    expect(view).toMatchObject({ memberCount: 3, lastSeq: 2 });
    const announced = (e: (typeof bobHears.events)[number]) => e.type === 'message.created' && e.message.kind === 'system' && e.message.metadata?.event === 'members_added';
    await bobHears.until((events) => events.some(announced));
    await sleep(300);
    expect(bobHears.events.filter(announced)).toHaveLength(1);
    expect(bobHears.events.filter((e) => e.type === 'member.added' && e.userId === cy.id)).toHaveLength(1);
  });

  it('keeps memberCount exact while adds and removes race', async () => {
    const [ann, ...others] = await users(t, 21, 'Racer');
    if (!ann) throw new Error('no owner');
    const stay = others.slice(0, 10);
    const newcomers = others.slice(10);
    const g = await group(ann, stay);
    const calls = [
      ...newcomers.map((u) => ann.api.chat.addMembers.mutate({ conversationId: g.id, userIds: [u.id] })),
      ...stay.slice(0, 5).map((u) => ann.api.chat.removeMember.mutate({ conversationId: g.id, userId: u.id })),
      ...stay.slice(5, 8).map((u) => u.api.chat.leave.mutate({ conversationId: g.id })),
    ];
    const settled = await settleAll<unknown>(calls);
    expect(settled.filter((s) => !s.ok)).toEqual([]);
    const members = await allMembers(ann, g.id, 7);
    expect(members).toHaveLength(1 + 10 + 10 - 5 - 3);
    expect((await ann.api.chat.get.query({ conversationId: g.id })).memberCount).toBe(members.length);
  });
});
