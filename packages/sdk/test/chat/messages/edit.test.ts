import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectError, expectFieldErrors } from '../../expect-error';
import { startTestServer, type TestServer } from '../../harness';
import { block, directPair, listening, say, unchecked } from './helpers';

let t: TestServer;
beforeAll(async () => {
  t = await startTestServer();
});
afterAll(() => t.close());

describe('chat.edit', () => {
  it('replaces the text, sets editedAt and tells the other member', async () => {
    const { ann, bob, conversationId } = await directPair(t);
    const sent = await say(ann, conversationId, 'helo');
    expect(sent.editedAt).toBeNull();
    const bobHears = await listening(bob);
    const edited = await ann.api.chat.edit.mutate({ messageId: sent.id, body: '  hello  ' });
    expect(edited).toMatchObject({ id: sent.id, seq: sent.seq, body: 'hello', clientKey: sent.clientKey });
    expect(edited.editedAt).not.toBeNull();
    await bobHears.until((events) => events.some((e) => e.type === 'message.edited'));
    const event = bobHears.events.find((e) => e.type === 'message.edited');
    expect(event).toMatchObject({ conversationId, message: { id: sent.id, body: 'hello' } });
    expect(await bob.api.chat.message.query({ messageId: sent.id })).toMatchObject({ body: 'hello', editedAt: edited.editedAt });
    bobHears.stop();
  });

  it('is FORBIDDEN to a member who did not send it, and NOT_FOUND to a stranger', async () => {
    const { ann, bob, conversationId } = await directPair(t);
    const eve = await t.user('Eve');
    const sent = await say(ann, conversationId, 'mine');
    await expectError(bob.api.chat.edit.mutate({ messageId: sent.id, body: 'yours now' }), 'FORBIDDEN');
    await expectError(eve.api.chat.edit.mutate({ messageId: sent.id, body: 'nope' }), 'NOT_FOUND');
    expect((await ann.api.chat.message.query({ messageId: sent.id })).body).toBe('mine');
  });

  it('edits the caption of a media message, but never a system message', async () => {
    const { ann, conversationId } = await directPair(t);
    const image = await ann.api.chat.send.mutate({
      conversationId,
      clientKey: randomUUID(),
      content: { kind: 'image', attachments: [{ url: 'https://cdn.example/cat.png', name: 'cat.png', size: 10, mimeType: 'image/png' }] },
    });
    const captioned = await ann.api.chat.edit.mutate({ messageId: image.id, body: 'my cat' });
    expect(captioned).toMatchObject({ kind: 'image', body: 'my cat', attachments: image.attachments });

    const member = await t.user('Member');
    const group = await ann.api.chat.createGroup.mutate({ title: 'Edits', memberIds: [member.id] });
    const [system] = (await ann.api.chat.history.query({ conversationId: group.id, after: 0, limit: 1 })).items;
    expect(system?.kind).toBe('system');
    await expectError(ann.api.chat.edit.mutate({ messageId: system?.id ?? '', body: 'rewritten history' }), 'FORBIDDEN');
  });

  it('refuses a deleted message', async () => {
    const { ann, conversationId } = await directPair(t);
    const sent = await say(ann, conversationId, 'gone soon');
    await ann.api.chat.delete.mutate({ messageId: sent.id });
    await expectError(ann.api.chat.edit.mutate({ messageId: sent.id, body: 'back?' }), 'CONFLICT');
  });

  it('is FORBIDDEN in a direct conversation closed by a block, either way', async () => {
    const { ann, bob, conversationId } = await directPair(t);
    const sent = await say(ann, conversationId, 'before the block');
    await block(bob, ann);
    await expectError(ann.api.chat.edit.mutate({ messageId: sent.id, body: 'after' }), 'FORBIDDEN');
  });

  it('rejects bad input with field errors', async () => {
    const { ann, conversationId } = await directPair(t);
    const sent = await say(ann, conversationId, 'x');
    await expectFieldErrors(ann.api.chat.edit.mutate({ messageId: sent.id, body: '   ' }), ['body']);
    await expectFieldErrors(ann.api.chat.edit.mutate({ messageId: sent.id, body: 'x'.repeat(4001) }), ['body']);
    await expectFieldErrors(ann.api.chat.edit.mutate(unchecked({ messageId: 'not-a-uuid', body: 'x' })), ['messageId']);
  });
});
