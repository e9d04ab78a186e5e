import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectError, expectFieldErrors } from '../../expect-error';
import { startTestServer, type TestServer, type TestUser } from '../../harness';
import { ids } from '../../connections/helpers';
import {
  block,
  cardMessages,
  family,
  parentRequestFor,
  pendingRequest,
  requestFor,
  transitionMessages,
  tutorWithPackage,
  wholeBox,
  type RequestView,
} from './helpers';

let t: TestServer;
beforeAll(async () => {
  t = await startTestServer();
});
afterAll(() => t.close());

/** What every transition leaves behind, read back from the request, the chat card and the system message. */
async function expectAnswered(
  reader: TestUser,
  answered: RequestView,
  expected: { status: 'accepted' | 'rejected' | 'cancelled'; byUserId: string; reason: string | null },
) {
  expect(answered).toMatchObject({ status: expected.status, respondedBy: expected.byUserId, rejectReason: expected.reason });
  expect(answered.respondedAt).not.toBeNull();
  expect(await reader.api.sessionRequests.get.query({ requestId: answered.id })).toEqual(answered);

  const [card] = (await cardMessages(reader, answered.conversationId)).filter((m) => m.metadata.requestId === answered.id);
  expect(card?.id).toBe(answered.messageId);
  expect(card?.metadata).toMatchObject({ status: expected.status, rejectReason: expected.reason, respondedAt: answered.respondedAt });
  expect(await reader.api.chat.message.query({ messageId: answered.messageId })).toMatchObject({
    kind: 'session_request',
    metadata: { status: expected.status, respondedAt: answered.respondedAt },
  });

  const system = await transitionMessages(reader, answered.conversationId, answered.id);
  expect(system).toHaveLength(1);
  expect(system[0]).toMatchObject({
    kind: 'system',
    senderId: null,
    metadata: { event: `session_request_${expected.status}`, requestId: answered.id },
  });
  // The system message comes after the card.
  expect(system[0]?.seq ?? 0).toBeGreaterThan(card?.seq ?? Infinity);
}

describe('accept, reject and cancel', () => {
  it('the tutor accepts', async () => {
    const { tutor, student, request } = await pendingRequest(t);
    const accepted = await tutor.api.sessionRequests.accept.mutate({ requestId: request.id });
    expect(accepted).toMatchObject({ id: request.id, createdAt: request.createdAt, messageId: request.messageId });
    await expectAnswered(student, accepted, { status: 'accepted', byUserId: tutor.id, reason: null });
    await expectAnswered(tutor, accepted, { status: 'accepted', byUserId: tutor.id, reason: null });
    expect(ids(await wholeBox(tutor, 'received', 'accepted'))).toEqual([request.id]);
    expect(await wholeBox(tutor, 'received', 'pending')).toEqual([]);
  });

  it('the tutor rejects with a reason, or without one', async () => {
    const { tutor, student, request } = await pendingRequest(t);
    const rejected = await tutor.api.sessionRequests.reject.mutate({ requestId: request.id, reason: '  Fully booked until June.  ' });
    await expectAnswered(student, rejected, { status: 'rejected', byUserId: tutor.id, reason: 'Fully booked until June.' });

    const other = await pendingRequest(t);
    const bare = await other.tutor.api.sessionRequests.reject.mutate({ requestId: other.request.id });
    await expectAnswered(other.student, bare, { status: 'rejected', byUserId: other.tutor.id, reason: null });
  });

  it('the student cancels their own request', async () => {
    const { tutor, student, request } = await pendingRequest(t);
    const cancelled = await student.api.sessionRequests.cancel.mutate({ requestId: request.id });
    await expectAnswered(tutor, cancelled, { status: 'cancelled', byUserId: student.id, reason: null });
    expect(ids(await wholeBox(student, 'sent', 'cancelled'))).toEqual([request.id]);
  });

  it('a parent cancels the request they made for their child, and the tutor accepts another', async () => {
    const [{ tutor, pkg }, { parent, child }] = await Promise.all([tutorWithPackage(t), family(t)]);
    const request = await parent.api.sessionRequests.create.mutate(parentRequestFor(tutor, pkg, child));
    const cancelled = await parent.api.sessionRequests.cancel.mutate({ requestId: request.id });
    await expectAnswered(tutor, cancelled, { status: 'cancelled', byUserId: parent.id, reason: null });

    const again = await parent.api.sessionRequests.create.mutate(parentRequestFor(tutor, pkg, child));
    const accepted = await tutor.api.sessionRequests.accept.mutate({ requestId: again.id });
    await expectAnswered(parent, accepted, { status: 'accepted', byUserId: tutor.id, reason: null });
  });

  it('refuses a reject reason over 500 characters and leaves the request pending', async () => {
    const { tutor, request } = await pendingRequest(t);
    await expectFieldErrors(tutor.api.sessionRequests.reject.mutate({ requestId: request.id, reason: 'r'.repeat(501) }), ['reason']);
    await expectFieldErrors(tutor.api.sessionRequests.accept.mutate({ requestId: 'not-a-uuid' }), ['requestId']);
    expect((await tutor.api.sessionRequests.get.query({ requestId: request.id })).status).toBe('pending');
  });
});

describe('the wrong party', () => {
  it('is FORBIDDEN for the requester accepting or rejecting, and for the tutor cancelling', async () => {
    const { tutor, student, request } = await pendingRequest(t);
    await expectError(student.api.sessionRequests.accept.mutate({ requestId: request.id }), 'FORBIDDEN');
    await expectError(student.api.sessionRequests.reject.mutate({ requestId: request.id }), 'FORBIDDEN');
    await expectError(tutor.api.sessionRequests.cancel.mutate({ requestId: request.id }), 'FORBIDDEN');
    const seen = await tutor.api.sessionRequests.get.query({ requestId: request.id });
    expect(seen).toEqual(request);
    expect(await transitionMessages(tutor, request.conversationId, request.id)).toEqual([]);
  });

  it('is FORBIDDEN for a parent who can see their child’s request but did not make it', async () => {
    const [{ tutor, pkg }, { parent, child }] = await Promise.all([tutorWithPackage(t), family(t)]);
    const request = await child.api.sessionRequests.create.mutate(requestFor(tutor, pkg));
    expect((await parent.api.sessionRequests.get.query({ requestId: request.id })).id).toBe(request.id);
    await expectError(parent.api.sessionRequests.accept.mutate({ requestId: request.id }), 'FORBIDDEN');
    await expectError(parent.api.sessionRequests.reject.mutate({ requestId: request.id }), 'FORBIDDEN');
    await expectError(parent.api.sessionRequests.cancel.mutate({ requestId: request.id }), 'FORBIDDEN');
    expect((await child.api.sessionRequests.get.query({ requestId: request.id })).status).toBe('pending');
  });
});

describe('from a state that is no longer pending', () => {
  it('the same transition again by the same person returns the request unchanged, with no second message', async () => {
    const cases = await Promise.all([pendingRequest(t), pendingRequest(t), pendingRequest(t)]);
    const [a, r, c] = cases;
    if (!a || !r || !c) throw new Error('three requests expected');
    const answers = [
      [a, () => a.tutor.api.sessionRequests.accept.mutate({ requestId: a.request.id })],
      [r, () => r.tutor.api.sessionRequests.reject.mutate({ requestId: r.request.id, reason: 'No slots.' })],
      [c, () => c.student.api.sessionRequests.cancel.mutate({ requestId: c.request.id })],
    ] as const;
    for (const [{ student, request }, answer] of answers) {
      const first = await answer();
      const second = await answer();
      expect(second).toEqual(first);
      expect(await transitionMessages(student, request.conversationId, request.id)).toHaveLength(1);
    }
    // A second reject keeps the first reason: nothing changes once answered.
    const rejectedAgain = await r.tutor.api.sessionRequests.reject.mutate({ requestId: r.request.id, reason: 'Changed my mind about why.' });
    expect(rejectedAgain.rejectReason).toBe('No slots.');
  });

  // The sentence may say "declined" for rejected: what matters is that it says what happened.
  it.each([
    ['accepted', 'cancel', /accepted/],
    ['accepted', 'reject', /accepted/],
    ['rejected', 'accept', /rejected|declined/],
    ['rejected', 'cancel', /rejected|declined/],
    ['cancelled', 'accept', /cancell?ed/],
    ['cancelled', 'reject', /cancell?ed/],
  ] as const)('once %s, %s is CONFLICT saying what happened (%s)', async (state, then, word) => {
    const { tutor, student, request } = await pendingRequest(t);
    if (state === 'accepted') await tutor.api.sessionRequests.accept.mutate({ requestId: request.id });
    if (state === 'rejected') await tutor.api.sessionRequests.reject.mutate({ requestId: request.id });
    if (state === 'cancelled') await student.api.sessionRequests.cancel.mutate({ requestId: request.id });
    const before = await tutor.api.sessionRequests.get.query({ requestId: request.id });

    const call =
      then === 'cancel'
        ? student.api.sessionRequests.cancel.mutate({ requestId: request.id })
        : tutor.api.sessionRequests[then].mutate({ requestId: request.id });
    const error = await expectError(call, 'CONFLICT');
    expect(error.message.toLowerCase()).toMatch(word);

    expect(await tutor.api.sessionRequests.get.query({ requestId: request.id })).toEqual(before);
    expect(await transitionMessages(tutor, request.conversationId, request.id)).toHaveLength(1);
  });
});

describe('blocks', () => {
  it('a tutor who blocks the requester declines their pending requests, with the card and a system message saying so', async () => {
    const { tutor, student, request } = await pendingRequest(t);
    const other = await tutorWithPackage(t, {}, 'Otto Other');
    const elsewhere = await student.api.sessionRequests.create.mutate(requestFor(other.tutor, other.pkg));
    await block(tutor, student);
    const after = await tutor.api.sessionRequests.get.query({ requestId: request.id });
    expect(after).toMatchObject({ status: 'rejected', respondedBy: tutor.id, rejectReason: null });
    // To the student the tutor who blocked them is not found, and so is what the block declined.
    await expectError(student.api.sessionRequests.get.query({ requestId: request.id }), 'NOT_FOUND');
    const [card] = await cardMessages(tutor, request.conversationId);
    expect(card?.metadata.status).toBe('rejected');
    expect((await transitionMessages(tutor, request.conversationId, request.id)).map((m) => m.metadata?.event)).toEqual([
      'session_request_rejected',
    ]);
    // Nothing is left to accept across the block, and requests to other tutors are untouched.
    await expectError(tutor.api.sessionRequests.accept.mutate({ requestId: request.id }), 'CONFLICT');
    expect((await student.api.sessionRequests.get.query({ requestId: elsewhere.id })).status).toBe('pending');
  });

  it('a requester who blocks the tutor cancels their pending requests', async () => {
    const { tutor, student, request } = await pendingRequest(t);
    await block(student, tutor);
    expect(await student.api.sessionRequests.get.query({ requestId: request.id })).toMatchObject({
      status: 'cancelled',
      respondedBy: student.id,
    });
    expect(ids(await wholeBox(tutor, 'received', 'pending'))).toEqual([]);
    expect((await transitionMessages(student, request.conversationId, request.id)).map((m) => m.metadata?.event)).toEqual([
      'session_request_cancelled',
    ]);
    // Retrying the cancel after the block is still safe: it was the requester's own.
    expect((await student.api.sessionRequests.cancel.mutate({ requestId: request.id })).status).toBe('cancelled');
  });

  it("a block between the tutor and a child ends the parent's pending request for that child, either way round", async () => {
    const [{ tutor, pkg }, { parent, child }] = await Promise.all([tutorWithPackage(t), family(t)]);
    const first = await parent.api.sessionRequests.create.mutate(parentRequestFor(tutor, pkg, child));
    await block(tutor, child);
    expect(await parent.api.sessionRequests.get.query({ requestId: first.id })).toMatchObject({ status: 'rejected', respondedBy: tutor.id });
    await tutor.api.connections.remove.mutate({
      connectionId: (await tutor.api.connections.list.query({ type: 'block' })).items[0]?.id ?? '',
    });

    const second = await parent.api.sessionRequests.create.mutate(parentRequestFor(tutor, pkg, child));
    await block(child, tutor);
    expect(await parent.api.sessionRequests.get.query({ requestId: second.id })).toMatchObject({
      status: 'cancelled',
      respondedBy: child.id,
    });
    const [said] = await transitionMessages(parent, second.conversationId, second.id);
    expect(said?.body).toBe(`${child.name} cancelled the request for "${pkg.name}".`);
  });
});
