import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../../harness';
import { expectError, expectFieldErrors } from '../../expect-error';
import { unchecked } from '../../connections/helpers';
import { allMembers, group, say, users } from './helpers';

let t: TestServer;
beforeAll(async () => {
  t = await startTestServer();
});
afterAll(() => t.close());

describe('chat.mute and chat.unmute', () => {
  it('mutes for a while or until unmuted, for the caller only, in direct and group conversations', async () => {
    const [ann, bob] = await Promise.all([t.user(), t.user()]);
    const direct = await ann.api.chat.openDirect.mutate({ userId: bob.id });
    const g = await group(ann, [bob]);
    const until = new Date(Date.now() + 60 * 60 * 1000).toISOString();
    expect(await ann.api.chat.mute.mutate({ conversationId: direct.id, until })).toMatchObject({ muted: true, mutedUntil: until });
    expect(await ann.api.chat.mute.mutate({ conversationId: g.id })).toMatchObject({ muted: true, mutedUntil: null });
    expect(await ann.api.chat.mute.mutate({ conversationId: g.id, until: null })).toMatchObject({ muted: true, mutedUntil: null });
    expect(await bob.api.chat.get.query({ conversationId: g.id })).toMatchObject({ muted: false });
    expect(await ann.api.chat.unmute.mutate({ conversationId: direct.id })).toMatchObject({ muted: false, mutedUntil: null });
    // A time with an offset names the same instant.
    const withOffset = new Date(Date.now() + 2 * 60 * 60 * 1000);
    const local = `${withOffset.toISOString().slice(0, 19)}+00:00`;
    expect((await ann.api.chat.mute.mutate({ conversationId: direct.id, until: local })).mutedUntil?.slice(0, 19)).toBe(local.slice(0, 19));
  });

  it('refuses a time in the past or not a time', async () => {
    const [ann, bob] = await Promise.all([t.user(), t.user()]);
    const g = await group(ann, [bob]);
    const past = new Date(Date.now() - 1000).toISOString();
    await expectFieldErrors(ann.api.chat.mute.mutate({ conversationId: g.id, until: past }), ['until']);
    await expectFieldErrors(ann.api.chat.mute.mutate({ conversationId: g.id, until: 'tomorrow' }), ['until']);
    expect((await ann.api.chat.get.query({ conversationId: g.id })).muted).toBe(false);
  });
});

describe('chat.archive and chat.unarchive', () => {
  it('moves a conversation out of the default list and into the archived one, for the caller only', async () => {
    const [ann, bob] = await Promise.all([t.user(), t.user()]);
    const direct = await ann.api.chat.openDirect.mutate({ userId: bob.id });
    const g = await group(ann, [bob]);
    expect(await ann.api.chat.archive.mutate({ conversationId: g.id })).toMatchObject({ archived: true });
    expect(await ann.api.chat.archive.mutate({ conversationId: direct.id })).toMatchObject({ archived: true });
    expect(await ann.api.chat.archive.mutate({ conversationId: g.id })).toMatchObject({ archived: true });
    const listed = (await ann.api.chat.list.query()).items.map((c) => c.id);
    expect(listed).not.toContain(g.id);
    expect(listed).not.toContain(direct.id);
    const archived = (await ann.api.chat.list.query({ archived: true })).items.map((c) => c.id);
    expect(archived).toEqual(expect.arrayContaining([g.id, direct.id]));
    expect((await bob.api.chat.list.query()).items.map((c) => c.id)).toEqual(expect.arrayContaining([g.id, direct.id]));

    expect(await ann.api.chat.unarchive.mutate({ conversationId: g.id })).toMatchObject({ archived: false });
    expect((await ann.api.chat.list.query()).items.map((c) => c.id)).toContain(g.id);
    expect((await ann.api.chat.list.query({ archived: true })).items.map((c) => c.id)).toEqual([direct.id]);
  });
});

describe('chat.members', () => {
  it('pages through members in the order they joined, with how far each has read', async () => {
    const [ann, bob, cy, ...later] = await users(t, 8, 'Reader');
    if (!ann || !bob || !cy) throw new Error('users missing');
    const g = await group(ann, [bob, cy]);
    for (const u of later) await ann.api.chat.addMembers.mutate({ conversationId: g.id, userIds: [u.id] });
    await say(bob, g.id, 'hello');
    const lastSeq = (await ann.api.chat.get.query({ conversationId: g.id })).lastSeq;

    const first = await cy.api.chat.members.query({ conversationId: g.id, limit: 3 });
    expect(first.items).toHaveLength(3);
    expect(first.nextCursor).not.toBeNull();
    const all = await allMembers(cy, g.id, 3);
    expect(all).toHaveLength(8);
    expect(all.slice(0, 3).map((m) => m.userId).sort()).toEqual([ann.id, bob.id, cy.id].sort());
    expect(all.slice(3).map((m) => m.userId)).toEqual(later.map((u) => u.id));
    expect(new Set(all.map((m) => m.userId)).size).toBe(8);
    const byId = new Map(all.map((m) => [m.userId, m]));
    expect(byId.get(ann.id)).toMatchObject({ role: 'owner', name: 'Reader 1', avatarUrl: null });
    expect(byId.get(bob.id)).toMatchObject({ role: 'member', lastReadSeq: lastSeq });
    expect(byId.get(cy.id)?.lastReadSeq).toBe(0);
    expect(Date.parse(byId.get(cy.id)?.joinedAt ?? '')).not.toBeNaN();
  });

  it('rejects a bad cursor or limit with field errors', async () => {
    const ann = await t.user();
    const g = await group(ann, []);
    await expectFieldErrors(ann.api.chat.members.query({ conversationId: g.id, cursor: 'garbage' }), ['cursor']);
    await expectFieldErrors(ann.api.chat.members.query({ conversationId: g.id, limit: 101 }), ['limit']);
    await expectFieldErrors(ann.api.chat.members.query({ conversationId: g.id, limit: 0 }), ['limit']);
    await expectFieldErrors(ann.api.chat.members.query(unchecked({ conversationId: 5 })), ['conversationId']);
  });
});

describe('a stranger', () => {
  it('gets NOT_FOUND from every group procedure, for a real id and a made-up one alike', async () => {
    const [ann, bob, eve] = await Promise.all([t.user(), t.user(), t.user()]);
    const g = await group(ann, [bob]);
    const direct = await ann.api.chat.openDirect.mutate({ userId: bob.id });
    for (const conversationId of [g.id, direct.id, randomUUID()]) {
      // Thunks, each awaited in turn: a promise made early and rejected before its await would be an unhandled rejection.
      const calls: (() => Promise<unknown>)[] = [
        () => eve.api.chat.updateGroup.mutate({ conversationId, title: 'Hijacked' }),
        () => eve.api.chat.addMembers.mutate({ conversationId, userIds: [eve.id] }),
        () => eve.api.chat.removeMember.mutate({ conversationId, userId: bob.id }),
        () => eve.api.chat.leave.mutate({ conversationId }),
        () => eve.api.chat.setRole.mutate({ conversationId, userId: eve.id, role: 'admin' }),
        () => eve.api.chat.transferOwnership.mutate({ conversationId, userId: eve.id }),
        () => eve.api.chat.mute.mutate({ conversationId }),
        () => eve.api.chat.unmute.mutate({ conversationId }),
        () => eve.api.chat.archive.mutate({ conversationId }),
        () => eve.api.chat.unarchive.mutate({ conversationId }),
        () => eve.api.chat.members.query({ conversationId }),
        () => eve.api.chat.get.query({ conversationId }),
      ];
      for (const call of calls) {
        const error = await expectError(call(), 'NOT_FOUND');
        expect(error.message).toBe('Conversation not found.');
      }
    }
    const view = await ann.api.chat.get.query({ conversationId: g.id });
    expect(view).toMatchObject({ title: 'Book club', memberCount: 2, myRole: 'owner' });
  });
});
