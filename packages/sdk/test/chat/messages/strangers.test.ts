import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectError } from '../../expect-error';
import { startTestServer, type TestServer, type TestUser } from '../../harness';
import { directPair, say } from './helpers';

let t: TestServer;
beforeAll(async () => {
  t = await startTestServer();
});
afterAll(() => t.close());

/** Every message-id procedure, called as `user` on `messageId`. */
const byMessageId = (user: TestUser, messageId: string) => ({
  message: () => user.api.chat.message.query({ messageId }),
  edit: () => user.api.chat.edit.mutate({ messageId, body: 'mine now' }),
  delete: () => user.api.chat.delete.mutate({ messageId }),
  react: () => user.api.chat.react.mutate({ messageId, emoji: '👍' }),
  unreact: () => user.api.chat.unreact.mutate({ messageId, emoji: '👍' }),
  report: () => user.api.chat.report.mutate({ messageId, reason: 'spam' }),
});

const byConversationId = (user: TestUser, conversationId: string) => ({
  history: () => user.api.chat.history.query({ conversationId }),
  search: () => user.api.chat.search.query({ query: 'private', conversationId }),
  markRead: () => user.api.chat.markRead.mutate({ conversationId, seq: 1 }),
  readers: () => user.api.chat.readers.query({ conversationId }),
});

describe('a stranger', () => {
  it('gets NOT_FOUND from every procedure, for a real id and for one that does not exist alike', async () => {
    const { ann, bob, conversationId } = await directPair(t);
    const eve = await t.user('Eve');
    const sent = await say(ann, conversationId, 'private words');
    await bob.api.chat.react.mutate({ messageId: sent.id, emoji: '👍' });
    for (const messageId of [sent.id, randomUUID()]) {
      for (const [name, call] of Object.entries(byMessageId(eve, messageId))) {
        const error = await expectError(call(), 'NOT_FOUND');
        expect(error.message, name).toBe('Message not found.');
      }
    }
    for (const id of [conversationId, randomUUID()]) {
      for (const call of Object.values(byConversationId(eve, id))) await expectError(call(), 'NOT_FOUND');
    }
    const view = await ann.api.chat.message.query({ messageId: sent.id });
    expect(view).toMatchObject({ body: 'private words', deletedAt: null, editedAt: null, reactions: [{ emoji: '👍', userIds: [bob.id] }] });
  });

  it('loses access on leaving a group, even to messages they sent', async () => {
    const [owner, member] = await Promise.all([t.user('Owner'), t.user('Member')]);
    const group = await owner.api.chat.createGroup.mutate({ title: 'Leavers', memberIds: [member.id] });
    const sent = await say(member, group.id, 'bye soon');
    expect((await member.api.chat.message.query({ messageId: sent.id })).body).toBe('bye soon');
    await member.api.chat.leave.mutate({ conversationId: group.id });
    for (const call of Object.values(byMessageId(member, sent.id))) await expectError(call(), 'NOT_FOUND');
    for (const call of Object.values(byConversationId(member, group.id))) await expectError(call(), 'NOT_FOUND');
  });
});
