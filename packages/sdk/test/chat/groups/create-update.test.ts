import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../../harness';
import { expectError, expectFieldErrors } from '../../expect-error';
import { unchecked } from '../../connections/helpers';
import { group, listening, users } from './helpers';

let t: TestServer;
beforeAll(async () => {
  t = await startTestServer();
});
afterAll(() => t.close());

describe('chat.createGroup', () => {
  it('makes the creator the owner, adds each member once and tells everyone', async () => {
    const [ann, bob, cy] = await Promise.all([t.user('Ann'), t.user('Bob'), t.user('Cy')]);
    const bobHears = await listening(bob);
    const created = await ann.api.chat.createGroup.mutate({
      title: '  Book club ',
      description: 'We read.',
      memberIds: [bob.id, cy.id, bob.id, ann.id],
    });
    expect(created).toMatchObject({
      kind: 'group',
      title: 'Book club',
      description: 'We read.',
      memberCount: 3,
      myRole: 'owner',
      lastSeq: 1,
      unreadCount: 0,
      lastMessage: { seq: 1, kind: 'system', senderId: null, body: 'Ann created the group', metadata: { event: 'group_created', byUserId: ann.id } },
    });
    expect(created.members.find((m) => m.userId === ann.id)?.role).toBe('owner');

    const seen = await bob.api.chat.get.query({ conversationId: created.id });
    expect(seen).toMatchObject({ myRole: 'member', memberCount: 3, unreadCount: 1 });

    await bobHears.until((events) => events.some((e) => e.type === 'message.created' && e.conversationId === created.id));
    const mine = bobHears.events.filter((e) => 'conversationId' in e && e.conversationId === created.id);
    expect(mine.map((e) => e.type)).toEqual(['conversation.created', 'member.added', 'member.added', 'member.added', 'message.created']);
    expect(mine[0]).toMatchObject({ type: 'conversation.created', kind: 'group', byUserId: ann.id });
    const added = mine.flatMap((e) => (e.type === 'member.added' ? [[e.userId, e.role]] : []));
    expect(added).toEqual(expect.arrayContaining([[ann.id, 'owner'], [bob.id, 'member'], [cy.id, 'member']]));
  });

  it('makes a group of one when nobody else is named', async () => {
    const ann = await t.user('Ann');
    const created = await ann.api.chat.createGroup.mutate({ title: 'Notes to self' });
    expect(created).toMatchObject({ memberCount: 1, myRole: 'owner', description: null });
  });

  it('refuses the whole call, naming nobody, when one user is unknown or blocked either way', async () => {
    const [ann, bob, blocksAnn, blockedByAnn] = await users(t, 4);
    if (!ann || !bob || !blocksAnn || !blockedByAnn) throw new Error('users missing');
    await blocksAnn.api.connections.create.mutate({ targetUserId: ann.id, type: 'block' });
    await ann.api.connections.create.mutate({ targetUserId: blockedByAnn.id, type: 'block' });
    for (const odd of [randomUUID(), blocksAnn.id, blockedByAnn.id]) {
      const error = await expectError(ann.api.chat.createGroup.mutate({ title: 'Nope', memberIds: [bob.id, odd] }), 'NOT_FOUND');
      expect(error.message).toBe('One of those users was not found.');
    }
    const list = await bob.api.chat.list.query();
    expect(list.items.filter((c) => c.title === 'Nope')).toEqual([]);
  });

  it('rejects bad input with field errors', async () => {
    const ann = await t.user();
    await expectFieldErrors(ann.api.chat.createGroup.mutate({ title: '   ' }), ['title']);
    await expectFieldErrors(ann.api.chat.createGroup.mutate({ title: 'x'.repeat(101) }), ['title']);
    await expectFieldErrors(ann.api.chat.createGroup.mutate({ title: 'Tab\tin title' }), ['title']);
    await expectFieldErrors(ann.api.chat.createGroup.mutate({ title: 'ok', description: 'd'.repeat(1001) }), ['description']);
    await expectFieldErrors(ann.api.chat.createGroup.mutate({ title: 'ok', memberIds: ['not-a-uuid'] }), ['memberIds.0']);
    const many = Array.from({ length: 51 }, () => randomUUID());
    await expectFieldErrors(ann.api.chat.createGroup.mutate({ title: 'ok', memberIds: many }), ['memberIds']);
    await expectFieldErrors(ann.api.chat.createGroup.mutate(unchecked({ title: 7 })), ['title']);
  });
});

describe('chat.updateGroup', () => {
  it('lets the owner and admins rename the group, with an event and a system message', async () => {
    const [ann, bob, cy] = await Promise.all([t.user('Ann'), t.user('Bob'), t.user('Cy')]);
    const g = await group(ann, [bob, cy]);
    await ann.api.chat.setRole.mutate({ conversationId: g.id, userId: bob.id, role: 'admin' });
    const cyHears = await listening(cy);
    const renamed = await bob.api.chat.updateGroup.mutate({ conversationId: g.id, title: 'Reading room', description: 'Quiet.' });
    expect(renamed).toMatchObject({
      title: 'Reading room',
      description: 'Quiet.',
      lastMessage: { kind: 'system', body: 'Bob renamed the group “Reading room” and changed the group description' },
    });
    await cyHears.until((events) => events.some((e) => e.type === 'conversation.updated'));
    expect(cyHears.events.find((e) => e.type === 'conversation.updated')).toMatchObject({
      conversationId: g.id,
      title: 'Reading room',
      description: 'Quiet.',
      byUserId: bob.id,
    });

    const cleared = await ann.api.chat.updateGroup.mutate({ conversationId: g.id, description: null });
    expect(cleared).toMatchObject({ title: 'Reading room', description: null, lastMessage: { body: 'Ann removed the group description' } });
    const same = await ann.api.chat.updateGroup.mutate({ conversationId: g.id, title: 'Reading room' });
    expect(same.lastSeq).toBe(cleared.lastSeq);
  });

  it('is FORBIDDEN for a plain member, BAD_REQUEST for a direct conversation, NOT_FOUND for a stranger', async () => {
    const [ann, bob, eve] = await Promise.all([t.user(), t.user(), t.user()]);
    const g = await group(ann, [bob]);
    await expectError(bob.api.chat.updateGroup.mutate({ conversationId: g.id, title: 'Mine now' }), 'FORBIDDEN');
    await expectError(eve.api.chat.updateGroup.mutate({ conversationId: g.id, title: 'Mine now' }), 'NOT_FOUND');
    const direct = await ann.api.chat.openDirect.mutate({ userId: bob.id });
    const error = await expectError(ann.api.chat.updateGroup.mutate({ conversationId: direct.id, title: 'Us' }), 'BAD_REQUEST');
    expect(error.message).toBe('A direct conversation has no title.');
    expect((await ann.api.chat.get.query({ conversationId: g.id })).title).toBe('Book club');
  });

  it('rejects bad input with field errors', async () => {
    const ann = await t.user();
    const g = await group(ann, []);
    await expectFieldErrors(ann.api.chat.updateGroup.mutate({ conversationId: g.id }), ['title']);
    await expectFieldErrors(ann.api.chat.updateGroup.mutate({ conversationId: g.id, title: '' }), ['title']);
    await expectFieldErrors(ann.api.chat.updateGroup.mutate({ conversationId: 'nope', title: 'x' }), ['conversationId']);
  });
});
