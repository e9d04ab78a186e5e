import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectError } from '../../expect-error';
import { startTestServer, type TestServer } from '../../harness';
import { makeStudent } from '../setup';
import {
  allMessages,
  cardMessages,
  family,
  parentRequestFor,
  pendingRequest,
  requestFor,
  tutorWithPackage,
  type Card,
  type Message,
} from './helpers';

let t: TestServer;
beforeAll(async () => {
  t = await startTestServer();
});
afterAll(() => t.close());

/** The card of a message, which the types give only once the kind is checked. */
function cardOf(message: Message | undefined): Card {
  if (message?.kind !== 'session_request') throw new Error(`expected a session_request message, got ${message?.kind}`);
  // No cast: checking the kind is what makes `metadata` the card.
  return message.metadata;
}

describe('the request card in the chat', () => {
  it('is a session_request message from the requester, with the whole request as typed metadata', async () => {
    const [{ tutor, pkg }, student] = await Promise.all([tutorWithPackage(t), makeStudent(t, 'Sam Student')]);
    const request = await student.api.sessionRequests.create.mutate(
      requestFor(tutor, pkg, { message: 'Mondays suit me best.', counterOfferPrice: 130, timeZone: 'Europe/Berlin' }),
    );
    const messages = await allMessages(tutor, request.conversationId);
    expect(messages).toHaveLength(1);
    const [message] = messages;
    expect(message).toMatchObject({
      id: request.messageId,
      conversationId: request.conversationId,
      seq: 1,
      senderId: student.id,
      kind: 'session_request',
      body: 'Mondays suit me best.',
      deletedAt: null,
    });
    const card = cardOf(message);
    expect(card).toEqual({
      requestId: request.id,
      status: 'pending',
      requesterRole: 'student',
      requesterId: student.id,
      studentId: student.id,
      studentName: 'Sam Student',
      tutorId: tutor.id,
      package: request.package,
      schedule: request.schedule,
      counterOfferPrice: 130,
      rejectReason: null,
      respondedAt: null,
    });
    expect(card.package).toMatchObject({ id: pkg.id, name: pkg.name, price: pkg.price });
    // The same message as one message, and as the conversation's last one.
    expect(cardOf(await student.api.chat.message.query({ messageId: request.messageId }))).toEqual(card);
    const conversation = await tutor.api.chat.get.query({ conversationId: request.conversationId });
    expect(conversation).toMatchObject({ kind: 'direct', lastSeq: 1, unreadCount: 1, lastMessage: { id: request.messageId, kind: 'session_request' } });
    expect(conversation.members.map((m) => m.userId).sort()).toEqual([student.id, tutor.id].sort());
  });

  it('without a note, the body is a short sentence naming the package', async () => {
    const { student, pkg, request } = await pendingRequest(t);
    const message = await student.api.chat.message.query({ messageId: request.messageId });
    expect(message.body).toContain(pkg.name);
    expect(message.body?.length ?? 0).toBeLessThan(300);
  });

  it('goes into the direct conversation the two already have', async () => {
    const [{ tutor, pkg }, student] = await Promise.all([tutorWithPackage(t), makeStudent(t)]);
    const existing = await tutor.api.chat.openDirect.mutate({ userId: student.id });
    const hello = await tutor.api.chat.send.mutate({ conversationId: existing.id, clientKey: randomUUID(), content: { kind: 'text', body: 'Hi, ask me anything.' } });
    const request = await student.api.sessionRequests.create.mutate(requestFor(tutor, pkg));
    expect(request.conversationId).toBe(existing.id);
    const messages = await allMessages(student, existing.id);
    expect(messages.map((m) => [m.seq, m.kind])).toEqual([
      [hello.seq, 'text'],
      [hello.seq + 1, 'session_request'],
    ]);
    // And only one direct conversation between them.
    const conversations = await student.api.chat.list.query({ limit: 100 });
    expect(conversations.items.map((c) => c.id)).toEqual([existing.id]);
  });

  it('for a parent booking for a child: the chat is the parent’s with the tutor, the card names the child', async () => {
    const [{ tutor, pkg }, { parent, child }] = await Promise.all([tutorWithPackage(t), family(t, 'Paula Parent', 'Carl Child')]);
    const request = await parent.api.sessionRequests.create.mutate(parentRequestFor(tutor, pkg, child));
    const [message] = await cardMessages(tutor, request.conversationId);
    expect(message?.senderId).toBe(parent.id);
    expect(message?.metadata).toMatchObject({
      requestId: request.id,
      requesterRole: 'parent',
      requesterId: parent.id,
      studentId: child.id,
      studentName: 'Carl Child',
      tutorId: tutor.id,
    });
    const conversation = await parent.api.chat.get.query({ conversationId: request.conversationId });
    expect(conversation.members.map((m) => m.userId).sort()).toEqual([parent.id, tutor.id].sort());
    await expectError(child.api.chat.get.query({ conversationId: request.conversationId }), 'NOT_FOUND');
  });

  it('cannot be edited or deleted by anyone', async () => {
    const { tutor, student, request } = await pendingRequest(t);
    const before = await student.api.chat.message.query({ messageId: request.messageId });
    for (const user of [student, tutor]) {
      await expectError(user.api.chat.edit.mutate({ messageId: request.messageId, body: 'Actually, free lessons please.' }), 'FORBIDDEN');
      await expectError(user.api.chat.delete.mutate({ messageId: request.messageId }), 'FORBIDDEN');
    }
    const after = await tutor.api.chat.message.query({ messageId: request.messageId });
    expect(after).toEqual(before);
    expect(after).toMatchObject({ editedAt: null, deletedAt: null });
    const stranger = await t.user('Eve');
    await expectError(stranger.api.chat.edit.mutate({ messageId: request.messageId, body: 'hijack' }), 'NOT_FOUND');
    await expectError(stranger.api.chat.delete.mutate({ messageId: request.messageId }), 'NOT_FOUND');
  });

  it('follows the request: accept, then the card shows accepted; the system message is not editable either', async () => {
    const { tutor, student, request } = await pendingRequest(t);
    const accepted = await tutor.api.sessionRequests.accept.mutate({ requestId: request.id });
    const messages = await allMessages(student, request.conversationId);
    expect(messages.map((m) => m.kind)).toEqual(['session_request', 'system']);
    expect(cardOf(messages[0])).toMatchObject({ status: 'accepted', respondedAt: accepted.respondedAt, rejectReason: null });
    // The card keeps its seq and sender: it is updated in place, not re-sent.
    expect(messages[0]).toMatchObject({ id: request.messageId, seq: 1, senderId: student.id });
    const system = messages[1];
    expect(system).toMatchObject({ seq: 2, senderId: null, metadata: { event: 'session_request_accepted', requestId: request.id } });
    await expectError(student.api.chat.edit.mutate({ messageId: system?.id ?? '', body: 'rewritten' }), 'FORBIDDEN');
    expect((await tutor.api.chat.get.query({ conversationId: request.conversationId })).lastSeq).toBe(2);
  });

  it('carries the reject reason on the card', async () => {
    const { tutor, student, request } = await pendingRequest(t);
    const rejected = await tutor.api.sessionRequests.reject.mutate({ requestId: request.id, reason: 'I only teach in the mornings.' });
    const [card] = await cardMessages(student, request.conversationId);
    expect(card?.metadata).toMatchObject({ status: 'rejected', rejectReason: 'I only teach in the mornings.', respondedAt: rejected.respondedAt });
  });
});
