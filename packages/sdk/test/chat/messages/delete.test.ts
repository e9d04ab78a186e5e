import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectError, expectFieldErrors } from '../../expect-error';
import { startTestServer, type TestServer } from '../../harness';
import { listen } from '../../realtime/listen';
import { directPair, listening, say, unchecked } from './helpers';

let t: TestServer;
beforeAll(async () => {
  t = await startTestServer();
});
afterAll(() => t.close());

describe('chat.delete', () => {
  it('leaves a tombstone that keeps its seq and hides the content everywhere', async () => {
    const { ann, bob, conversationId } = await directPair(t);
    await say(ann, conversationId, 'first');
    const secret = await say(ann, conversationId, 'secret');
    await say(bob, conversationId, 'third');
    await bob.api.chat.react.mutate({ messageId: secret.id, emoji: '😮' });
    const bobHears = await listening(bob);

    const tombstone = await ann.api.chat.delete.mutate({ messageId: secret.id });
    expect(tombstone).toMatchObject({ id: secret.id, seq: 2, body: null, attachments: [], location: null, reactions: [] });
    expect(tombstone.deletedAt).not.toBeNull();

    await bobHears.until((events) => events.some((e) => e.type === 'message.deleted'));
    expect(bobHears.events.find((e) => e.type === 'message.deleted')).toMatchObject({ conversationId, messageId: secret.id, seq: 2 });
    // Replaying the log after the deletion hands out the tombstone, never the words.
    const replay = listen(bob, '0:0');
    await replay.until((events) => events.some((e) => e.type === 'message.deleted'));
    expect(replay.events.find((e) => e.type === 'message.created' && e.message.id === secret.id)).toMatchObject({
      message: { seq: 2, body: null, deletedAt: tombstone.deletedAt },
    });
    expect(JSON.stringify(replay.events)).not.toContain('secret');
    replay.stop();

    expect(await bob.api.chat.message.query({ messageId: secret.id })).toEqual(tombstone);
    const page = await bob.api.chat.history.query({ conversationId });
    expect(page.items.map((m) => [m.seq, m.body])).toEqual([
      [3, 'third'],
      [2, null],
      [1, 'first'],
    ]);
    const conversation = await bob.api.chat.get.query({ conversationId });
    expect(conversation.lastSeq).toBe(3);
    bobHears.stop();
  });

  it('is idempotent: deleting again returns the same tombstone and logs nothing more', async () => {
    const { ann, bob, conversationId } = await directPair(t);
    const sent = await say(ann, conversationId, 'oops');
    const bobHears = await listening(bob);
    const results = await Promise.all(Array.from({ length: 10 }, () => ann.api.chat.delete.mutate({ messageId: sent.id })));
    const again = await ann.api.chat.delete.mutate({ messageId: sent.id });
    for (const result of [...results, again]) expect(result).toEqual(results[0]);
    const marker = await say(ann, conversationId, 'marker');
    await bobHears.until((events) => events.some((e) => e.type === 'message.created' && e.message.id === marker.id));
    expect(bobHears.events.filter((e) => e.type === 'message.deleted')).toHaveLength(1);
    bobHears.stop();
  });

  it('is FORBIDDEN to the other person in a direct conversation, NOT_FOUND to a stranger', async () => {
    const { ann, bob, conversationId } = await directPair(t);
    const eve = await t.user('Eve');
    const sent = await say(ann, conversationId, 'stay');
    await expectError(bob.api.chat.delete.mutate({ messageId: sent.id }), 'FORBIDDEN');
    await expectError(eve.api.chat.delete.mutate({ messageId: sent.id }), 'NOT_FOUND');
    expect((await bob.api.chat.message.query({ messageId: sent.id })).body).toBe('stay');
  });

  it("lets a group's owner and admins delete anyone's message, but not plain members", async () => {
    const [owner, admin, member, other] = await Promise.all([t.user('Owner'), t.user('Admin'), t.user('Member'), t.user('Other')]);
    const group = await owner.api.chat.createGroup.mutate({ title: 'Moderated', memberIds: [admin.id, member.id, other.id] });
    await owner.api.chat.setRole.mutate({ conversationId: group.id, userId: admin.id, role: 'admin' });
    const first = await say(other, group.id, 'spam one');
    const second = await say(other, group.id, 'spam two');
    const third = await say(owner, group.id, "owner's words");

    await expectError(member.api.chat.delete.mutate({ messageId: first.id }), 'FORBIDDEN');
    expect(await admin.api.chat.delete.mutate({ messageId: first.id })).toMatchObject({ id: first.id, body: null });
    expect(await owner.api.chat.delete.mutate({ messageId: second.id })).toMatchObject({ id: second.id, body: null });
    expect(await admin.api.chat.delete.mutate({ messageId: third.id })).toMatchObject({ id: third.id, body: null });
    const [system] = (await owner.api.chat.history.query({ conversationId: group.id, after: 0, limit: 1 })).items;
    expect(system?.kind).toBe('system');
    await expectError(owner.api.chat.delete.mutate({ messageId: system?.id ?? '' }), 'FORBIDDEN');
    const page = await member.api.chat.history.query({ conversationId: group.id, after: first.seq - 1 });
    expect(page.items.filter((m) => m.deletedAt !== null).map((m) => m.id)).toEqual([first.id, second.id, third.id]);
  });

  it('rejects bad input with field errors', async () => {
    const { ann } = await directPair(t);
    await expectFieldErrors(ann.api.chat.delete.mutate(unchecked({ messageId: 42 })), ['messageId']);
  });
});
