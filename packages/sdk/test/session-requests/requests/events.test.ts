import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../../harness';
import { listen, type Listener, type StreamEvent } from '../../realtime/listen';
import { linkChild, makeParent, makeStudent } from '../setup';
import { family, parentRequestFor, pendingRequest, requestFor, tutorWithPackage } from './helpers';

let t: TestServer;
beforeAll(async () => {
  t = await startTestServer();
});
afterAll(() => t.close());

type Event = StreamEvent['data'];

const aboutRequest = (requestId: string) => (e: Event) =>
  (e.type === 'session_request.created' || e.type === 'session_request.updated') && e.requestId === requestId;

const requestEvents = (listener: Listener, requestId: string) => listener.events.filter(aboutRequest(requestId));

/** Waits until `listener` has seen `count` session_request events about the request. */
const untilRequestEvents = (listener: Listener, requestId: string, count: number) =>
  listener.until((events) => events.filter(aboutRequest(requestId)).length >= count);

/**
 * Lets anything that would still arrive arrive, so "nothing came" means
 * something. The log is replayed from the start, so late events are not lost.
 */
const settle = () => new Promise((resolve) => setTimeout(resolve, 500));

describe('session_request events', () => {
  it('created goes to the requester and the tutor, with the card as message.created', async () => {
    const [{ tutor, pkg }, student, stranger] = await Promise.all([tutorWithPackage(t), makeStudent(t), makeStudent(t, 'Stranger')]);
    const request = await student.api.sessionRequests.create.mutate(requestFor(tutor, pkg, { message: 'See you soon.' }));
    const [studentHears, tutorHears, strangerHears] = [listen(student), listen(tutor), listen(stranger)];

    const created = {
      type: 'session_request.created',
      conversationId: request.conversationId,
      requestId: request.id,
      requesterId: student.id,
      studentId: student.id,
      tutorId: tutor.id,
      packageId: pkg.id,
    };
    for (const listener of [studentHears, tutorHears]) {
      await untilRequestEvents(listener, request.id, 1);
      await listener.until((events) => events.some((e) => e.type === 'message.created' && e.message.id === request.messageId));
      expect(requestEvents(listener, request.id)).toEqual([expect.objectContaining(created)]);
      const card = listener.events.find((e) => e.type === 'message.created' && e.message.id === request.messageId);
      expect(card).toMatchObject({
        conversationId: request.conversationId,
        message: { kind: 'session_request', senderId: student.id, body: 'See you soon.', metadata: { requestId: request.id, status: 'pending' } },
      });
    }
    await settle();
    expect(strangerHears.events.filter((e) => e.type.startsWith('session_request') || e.type === 'message.created')).toEqual([]);
    for (const l of [studentHears, tutorHears, strangerHears]) {
      expect(l.errors).toEqual([]);
      l.stop();
    }
  });

  it.each(['accept', 'reject', 'cancel'] as const)('%s sends updated, the system message and the edited card to both sides', async (transition) => {
    const { tutor, student, request } = await pendingRequest(t);
    const [studentHears, tutorHears] = [listen(student), listen(tutor)];
    const by = transition === 'cancel' ? student : tutor;
    const answered =
      transition === 'cancel'
        ? await student.api.sessionRequests.cancel.mutate({ requestId: request.id })
        : transition === 'reject'
          ? await tutor.api.sessionRequests.reject.mutate({ requestId: request.id, reason: 'Not this term.' })
          : await tutor.api.sessionRequests.accept.mutate({ requestId: request.id });

    for (const listener of [studentHears, tutorHears]) {
      await untilRequestEvents(listener, request.id, 2);
      await listener.until((events) => events.some((e) => e.type === 'message.edited' && e.message.id === request.messageId));
      await listener.until((events) => events.some((e) => e.type === 'message.created' && e.message.kind === 'system'));
      expect(requestEvents(listener, request.id).map((e) => e.type)).toEqual(['session_request.created', 'session_request.updated']);
      expect(requestEvents(listener, request.id)[1]).toMatchObject({
        conversationId: request.conversationId,
        requestId: request.id,
        status: answered.status,
        byUserId: by.id,
        reason: transition === 'reject' ? 'Not this term.' : null,
      });
      const edited = listener.events.find((e) => e.type === 'message.edited' && e.message.id === request.messageId);
      expect(edited).toMatchObject({ message: { kind: 'session_request', metadata: { status: answered.status, respondedAt: answered.respondedAt } } });
      const system = listener.events.filter((e) => e.type === 'message.created' && e.message.kind === 'system');
      expect(system).toEqual([
        expect.objectContaining({
          conversationId: request.conversationId,
          message: expect.objectContaining({ senderId: null, metadata: expect.objectContaining({ event: `session_request_${answered.status}`, requestId: request.id }) }),
        }),
      ]);
    }
    studentHears.stop();
    tutorHears.stop();
  });

  it('an idempotent repeat sends nothing more', async () => {
    const { tutor, request } = await pendingRequest(t);
    await tutor.api.sessionRequests.accept.mutate({ requestId: request.id });
    await tutor.api.sessionRequests.accept.mutate({ requestId: request.id });
    const tutorHears = listen(tutor);
    await untilRequestEvents(tutorHears, request.id, 2);
    await settle();
    expect(requestEvents(tutorHears, request.id).map((e) => e.type)).toEqual(['session_request.created', 'session_request.updated']);
    expect(tutorHears.events.filter((e) => e.type === 'message.created' && e.message.kind === 'system')).toHaveLength(1);
    tutorHears.stop();
  });

  it('reaches the student and their accepted parents, whoever made the request; not a parent whose link is pending', async () => {
    const [{ tutor, pkg }, { parent, child }, secondParent, pendingParent] = await Promise.all([
      tutorWithPackage(t),
      family(t),
      makeParent(t, 'Second Parent'),
      makeParent(t, 'Pending Parent'),
    ]);
    await linkChild(secondParent, child);
    await pendingParent.api.sessionRequests.family.link.mutate({ userId: child.id, relation: 'child' });

    // One the child made, one a parent made for them.
    const own = await child.api.sessionRequests.create.mutate(requestFor(tutor, pkg));
    const byParent = await parent.api.sessionRequests.create.mutate(parentRequestFor(tutor, pkg, child));
    await tutor.api.sessionRequests.reject.mutate({ requestId: own.id, reason: 'Full.' });
    await tutor.api.sessionRequests.accept.mutate({ requestId: byParent.id });

    const [parentHears, secondHears, tutorHears, pendingHears, childHears] = [
      listen(parent),
      listen(secondParent),
      listen(tutor),
      listen(pendingParent),
      listen(child),
    ];
    // The child attends both, so hears of both, the one a parent made included.
    for (const listener of [parentHears, secondHears, tutorHears, childHears]) {
      for (const request of [own, byParent]) {
        await untilRequestEvents(listener, request.id, 2);
        expect(requestEvents(listener, request.id)).toEqual([
          expect.objectContaining({ type: 'session_request.created', studentId: child.id, requesterId: request.requester.id, tutorId: tutor.id }),
          expect.objectContaining({ type: 'session_request.updated', status: request === own ? 'rejected' : 'accepted', byUserId: tutor.id }),
        ]);
      }
    }
    await settle();
    expect(pendingHears.events.filter((e) => e.type.startsWith('session_request'))).toEqual([]);
    // The second parent sees the events, not the chat: the conversation is the requester's with the tutor.
    expect(secondHears.events.filter((e) => e.type === 'message.created' && e.conversationId === byParent.conversationId)).toEqual([]);
    for (const l of [parentHears, secondHears, tutorHears, pendingHears, childHears]) l.stop();
  });
});
