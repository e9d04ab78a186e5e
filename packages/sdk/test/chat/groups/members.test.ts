import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../../harness';
import { expectError, expectFieldErrors } from '../../expect-error';
import { allMembers, group, listening, say, sleep } from './helpers';

let t: TestServer;
beforeAll(async () => {
  t = await startTestServer();
});
afterAll(() => t.close());

describe('chat.addMembers', () => {
  it('adds people, skips those already in, and tells the newcomer', async () => {
    const [ann, bob, cy, dee] = await Promise.all([t.user('Ann'), t.user('Bob'), t.user('Cy'), t.user('Dee')]);
    const g = await group(ann, [bob]);
    await say(bob, g.id, 'history before Cy came');
    const cyHears = await listening(cy);
    const view = await ann.api.chat.addMembers.mutate({ conversationId: g.id, userIds: [cy.id, dee.id, bob.id, ann.id] });
    expect(view).toMatchObject({ memberCount: 4, lastMessage: { kind: 'system', body: 'Ann added Cy and Dee', metadata: { event: 'members_added' } } });
    await cyHears.until((events) => events.some((e) => e.type === 'message.created'));
    expect(cyHears.events.map((e) => e.type)).toEqual(['member.added', 'member.added', 'message.created']);
    expect(cyHears.events[0]).toMatchObject({ conversationId: g.id, userId: cy.id, role: 'member', byUserId: ann.id });
    // A newcomer's unread count starts at the message announcing them.
    expect(await cy.api.chat.get.query({ conversationId: g.id })).toMatchObject({ myRole: 'member', unreadCount: 1 });

    const again = await ann.api.chat.addMembers.mutate({ conversationId: g.id, userIds: [cy.id, dee.id] });
    expect(again).toMatchObject({ memberCount: 4, lastSeq: view.lastSeq });
  });

  it('is for the owner and admins only', async () => {
    const [ann, bob, cy, dee] = await Promise.all([t.user(), t.user(), t.user(), t.user()]);
    const g = await group(ann, [bob, cy]);
    await expectError(bob.api.chat.addMembers.mutate({ conversationId: g.id, userIds: [dee.id] }), 'FORBIDDEN');
    await ann.api.chat.setRole.mutate({ conversationId: g.id, userId: bob.id, role: 'admin' });
    const view = await bob.api.chat.addMembers.mutate({ conversationId: g.id, userIds: [dee.id] });
    expect(view.memberCount).toBe(4);
  });

  it('refuses a blocked or unknown user, and a direct conversation', async () => {
    const [ann, bob, cy, mallory] = await Promise.all([t.user(), t.user(), t.user(), t.user()]);
    const g = await group(ann, [bob]);
    await mallory.api.connections.create.mutate({ targetUserId: ann.id, type: 'block' });
    for (const odd of [mallory.id, randomUUID()]) {
      const error = await expectError(ann.api.chat.addMembers.mutate({ conversationId: g.id, userIds: [cy.id, odd] }), 'NOT_FOUND');
      expect(error.message).toBe('One of those users was not found.');
    }
    expect((await ann.api.chat.get.query({ conversationId: g.id })).memberCount).toBe(2);
    const direct = await ann.api.chat.openDirect.mutate({ userId: bob.id });
    await expectError(ann.api.chat.addMembers.mutate({ conversationId: direct.id, userIds: [cy.id] }), 'BAD_REQUEST');
  });

  it('rejects bad input with field errors', async () => {
    const ann = await t.user();
    const g = await group(ann, []);
    await expectFieldErrors(ann.api.chat.addMembers.mutate({ conversationId: g.id, userIds: [] }), ['userIds']);
    await expectFieldErrors(ann.api.chat.addMembers.mutate({ conversationId: g.id, userIds: ['x'] }), ['userIds.0']);
    const many = Array.from({ length: 51 }, () => randomUUID());
    await expectFieldErrors(ann.api.chat.addMembers.mutate({ conversationId: g.id, userIds: many }), ['userIds']);
  });
});

describe('chat.removeMember', () => {
  it('cuts a removed member off at once: member.removed, then nothing more, then NOT_FOUND', async () => {
    const [ann, bob, cy] = await Promise.all([t.user('Ann'), t.user('Bob'), t.user('Cy')]);
    const g = await group(ann, [bob, cy]);
    const bobHears = await listening(bob);
    const cyHears = await listening(cy);
    const view = await ann.api.chat.removeMember.mutate({ conversationId: g.id, userId: bob.id });
    expect(view).toMatchObject({ memberCount: 2, lastMessage: { body: 'Ann removed Bob', metadata: { event: 'member_removed', userId: bob.id } } });
    await bobHears.until((events) => events.some((e) => e.type === 'member.removed'));
    expect(bobHears.events.find((e) => e.type === 'member.removed')).toMatchObject({
      conversationId: g.id,
      userId: bob.id,
      byUserId: ann.id,
      left: false,
    });

    await say(ann, g.id, 'after Bob');
    await cyHears.until((events) => events.some((e) => e.type === 'message.created' && e.message.body === 'after Bob'));
    await sleep(300);
    const afterRemoval = bobHears.events.slice(bobHears.events.findIndex((e) => e.type === 'member.removed') + 1);
    expect(afterRemoval.filter((e) => 'conversationId' in e && e.conversationId === g.id)).toEqual([]);
    await expectError(bob.api.chat.get.query({ conversationId: g.id }), 'NOT_FOUND');
    await expectError(say(bob, g.id, 'let me back'), 'NOT_FOUND');
    expect((await bob.api.chat.list.query()).items.map((c) => c.id)).not.toContain(g.id);
  });

  it('lets the owner remove admins, but admins only plain members, and members nobody', async () => {
    const [ann, bob, cy, dee] = await Promise.all([t.user(), t.user(), t.user(), t.user()]);
    const g = await group(ann, [bob, cy, dee]);
    await ann.api.chat.setRole.mutate({ conversationId: g.id, userId: bob.id, role: 'admin' });
    await ann.api.chat.setRole.mutate({ conversationId: g.id, userId: cy.id, role: 'admin' });
    await expectError(dee.api.chat.removeMember.mutate({ conversationId: g.id, userId: cy.id }), 'FORBIDDEN');
    await expectError(bob.api.chat.removeMember.mutate({ conversationId: g.id, userId: cy.id }), 'FORBIDDEN');
    await expectError(bob.api.chat.removeMember.mutate({ conversationId: g.id, userId: ann.id }), 'FORBIDDEN');
    await expectError(ann.api.chat.removeMember.mutate({ conversationId: g.id, userId: ann.id }), 'BAD_REQUEST');
    expect((await bob.api.chat.removeMember.mutate({ conversationId: g.id, userId: dee.id })).memberCount).toBe(3);
    expect((await ann.api.chat.removeMember.mutate({ conversationId: g.id, userId: cy.id })).memberCount).toBe(2);
    const gone = await expectError(ann.api.chat.removeMember.mutate({ conversationId: g.id, userId: cy.id }), 'NOT_FOUND');
    expect(gone.message).toBe('Member not found.');
  });
});

describe('chat.leave', () => {
  it('hands an owner’s group to the longest-standing admin, else the longest-standing member', async () => {
    const [ann, bob, cy, dee] = await Promise.all([t.user('Ann'), t.user('Bob'), t.user('Cy'), t.user('Dee')]);
    const g = await group(ann, [bob]);
    await ann.api.chat.addMembers.mutate({ conversationId: g.id, userIds: [cy.id] });
    await ann.api.chat.addMembers.mutate({ conversationId: g.id, userIds: [dee.id] });
    await ann.api.chat.setRole.mutate({ conversationId: g.id, userId: dee.id, role: 'admin' });
    const annHears = await listening(ann);
    const bobHears = await listening(bob);

    const left = await ann.api.chat.leave.mutate({ conversationId: g.id });
    expect(left).toEqual({ conversationId: g.id, newOwnerId: dee.id, deleted: false });
    await annHears.until((events) => events.some((e) => e.type === 'member.removed'));
    expect(annHears.events.find((e) => e.type === 'member.removed')).toMatchObject({ userId: ann.id, left: true });
    await bobHears.until((events) => events.some((e) => e.type === 'member.role_changed' && e.role === 'owner'));
    expect(bobHears.events.find((e) => e.type === 'member.role_changed' && e.role === 'owner')).toMatchObject({
      userId: dee.id,
      byUserId: ann.id,
    });
    expect(await dee.api.chat.get.query({ conversationId: g.id })).toMatchObject({
      myRole: 'owner',
      memberCount: 3,
      lastMessage: { body: 'Ann left the group; Dee is now the owner' },
    });
    await expectError(ann.api.chat.get.query({ conversationId: g.id }), 'NOT_FOUND');

    // No admin left: the member who has been there longest (Bob, a founder) inherits.
    await dee.api.chat.leave.mutate({ conversationId: g.id });
    expect((await bob.api.chat.get.query({ conversationId: g.id })).myRole).toBe('owner');
    expect((await cy.api.chat.leave.mutate({ conversationId: g.id })).newOwnerId).toBeNull();
    expect(await bob.api.chat.leave.mutate({ conversationId: g.id })).toEqual({ conversationId: g.id, newOwnerId: null, deleted: true });
    await expectError(bob.api.chat.get.query({ conversationId: g.id }), 'NOT_FOUND');
  });

  it('is BAD_REQUEST for a direct conversation', async () => {
    const [ann, bob] = await Promise.all([t.user(), t.user()]);
    const direct = await ann.api.chat.openDirect.mutate({ userId: bob.id });
    const error = await expectError(ann.api.chat.leave.mutate({ conversationId: direct.id }), 'BAD_REQUEST');
    expect(error.message).toBe('You cannot leave a direct conversation; archive it instead.');
  });
});

describe('chat.setRole and chat.transferOwnership', () => {
  it('lets only the owner change roles, and moves ownership with the old owner staying as admin', async () => {
    const [ann, bob, cy] = await Promise.all([t.user('Ann'), t.user('Bob'), t.user('Cy')]);
    const g = await group(ann, [bob, cy]);
    const cyHears = await listening(cy);
    const view = await ann.api.chat.setRole.mutate({ conversationId: g.id, userId: bob.id, role: 'admin' });
    expect(view.lastMessage).toMatchObject({ body: 'Ann made Bob an admin' });
    await expectError(bob.api.chat.setRole.mutate({ conversationId: g.id, userId: cy.id, role: 'admin' }), 'FORBIDDEN');
    await expectError(bob.api.chat.transferOwnership.mutate({ conversationId: g.id, userId: bob.id }), 'FORBIDDEN');
    await expectError(ann.api.chat.setRole.mutate({ conversationId: g.id, userId: ann.id, role: 'member' }), 'BAD_REQUEST');
    await expectError(ann.api.chat.setRole.mutate({ conversationId: g.id, userId: randomUUID(), role: 'admin' }), 'NOT_FOUND');
    await expectFieldErrors(
      ann.api.chat.setRole.mutate({ conversationId: g.id, userId: cy.id, role: 'owner' as 'admin' }),
      ['role'],
    );

    const transferred = await ann.api.chat.transferOwnership.mutate({ conversationId: g.id, userId: cy.id });
    expect(transferred).toMatchObject({ myRole: 'admin', lastMessage: { body: 'Ann made Cy the owner' } });
    expect((await cy.api.chat.get.query({ conversationId: g.id })).myRole).toBe('owner');
    await cyHears.until((events) => events.filter((e) => e.type === 'member.role_changed').length === 3);
    expect(cyHears.events.filter((e) => e.type === 'member.role_changed').map((e) => [e.userId, e.role])).toEqual([
      [bob.id, 'admin'],
      [cy.id, 'owner'],
      [ann.id, 'admin'],
    ]);
    await expectError(ann.api.chat.setRole.mutate({ conversationId: g.id, userId: bob.id, role: 'member' }), 'FORBIDDEN');
    const demoted = await cy.api.chat.setRole.mutate({ conversationId: g.id, userId: bob.id, role: 'member' });
    expect(demoted.members.find((m) => m.userId === bob.id)?.role).toBe('member');
  });

  it('keeps exactly one owner when transfers race', async () => {
    const [ann, ...rest] = await Promise.all([t.user(), t.user(), t.user(), t.user(), t.user()]);
    const g = await group(ann, rest);
    const results = await Promise.allSettled(rest.map((u) => ann.api.chat.transferOwnership.mutate({ conversationId: g.id, userId: u.id })));
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    const members = await allMembers(ann, g.id);
    expect(members.filter((m) => m.role === 'owner')).toHaveLength(1);
    expect(members.find((m) => m.userId === ann.id)?.role).toBe('admin');
  });
});
