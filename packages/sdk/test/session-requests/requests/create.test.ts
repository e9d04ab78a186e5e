import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectError } from '../../expect-error';
import { startTestServer, type TestServer } from '../../harness';
import { ids } from '../../connections/helpers';
import { makeParent, makeStudent, makeTutor, linkChild } from '../setup';
import {
  addPackage,
  cardMessages,
  dateFromToday,
  family,
  newClientKey,
  parentRequestFor,
  pendingRequest,
  requestFor,
  sentOn,
  tutorWithPackage,
  wholeBox,
} from './helpers';

let t: TestServer;
beforeAll(async () => {
  t = await startTestServer();
});
afterAll(() => t.close());

describe('sessionRequests.create', () => {
  it('makes a pending request that both sides read back as sent', async () => {
    const [{ tutor, pkg }, student] = await Promise.all([tutorWithPackage(t), makeStudent(t, 'Sam Student')]);
    const created = await student.api.sessionRequests.create.mutate(
      requestFor(tutor, pkg, {
        message: '  Could we focus on quadratics?  ',
        days: ['monday', 'thursday'],
        startTime: '16:30',
        endTime: '18:00',
        timeZone: 'Africa/Addis_Ababa',
        counterOfferPrice: 120.5,
      }),
    );
    expect(created).toMatchObject({
      status: 'pending',
      requesterRole: 'student',
      requester: { id: student.id, name: 'Sam Student' },
      student: { id: student.id, name: 'Sam Student' },
      tutor: { id: tutor.id, name: 'Tina Tutor' },
      package: {
        id: pkg.id,
        name: pkg.name,
        description: pkg.description,
        sessionCount: pkg.sessionCount,
        minutesPerSession: pkg.minutesPerSession,
        price: pkg.price,
        currency: pkg.currency,
        scheduleType: 'recurring',
      },
      note: 'Could we focus on quadratics?',
      schedule: { scheduleType: 'recurring', days: ['monday', 'thursday'], startTime: '16:30', endTime: '18:00', startDate: null, timeZone: 'Africa/Addis_Ababa' },
      counterOfferPrice: 120.5,
      rejectReason: null,
      respondedBy: null,
      respondedAt: null,
      clientKey: null,
    });

    // Read back, not just returned: the requester, the tutor, and both boxes agree.
    expect(await student.api.sessionRequests.get.query({ requestId: created.id })).toEqual(created);
    expect(await tutor.api.sessionRequests.get.query({ requestId: created.id })).toEqual(created);
    expect(ids(await wholeBox(student, 'sent'))).toEqual([created.id]);
    expect(ids(await wholeBox(tutor, 'received'))).toEqual([created.id]);
    expect(await wholeBox(student, 'received')).toEqual([]);
    expect(await wholeBox(tutor, 'sent')).toEqual([]);
  });

  it('takes a one-time request with a date and a student naming themself', async () => {
    const [{ tutor, pkg }, student] = await Promise.all([tutorWithPackage(t, { scheduleType: 'one_time', sessionCount: 1 }), makeStudent(t)]);
    const startDate = dateFromToday(10);
    const created = await student.api.sessionRequests.create.mutate(
      requestFor(tutor, pkg, { studentId: student.id, startDate, startTime: '09:00', endTime: '10:00' }),
    );
    expect(created.schedule).toEqual({ scheduleType: 'one_time', days: [], startTime: '09:00', endTime: '10:00', startDate, timeZone: null });
    expect(created.student.id).toBe(student.id);
    expect(created.note).toBeNull();
    expect(created.counterOfferPrice).toBeNull();
    expect((await tutor.api.sessionRequests.get.query({ requestId: created.id })).schedule.startDate).toBe(startDate);
  });

  it('lets a parent book for an accepted child: the parent is the requester, the child the student', async () => {
    const [{ tutor, pkg }, { parent, child }] = await Promise.all([tutorWithPackage(t), family(t)]);
    const created = await parent.api.sessionRequests.create.mutate(parentRequestFor(tutor, pkg, child));
    expect(created).toMatchObject({
      requesterRole: 'parent',
      requester: { id: parent.id, name: 'Paula Parent' },
      student: { id: child.id, name: 'Carl Child' },
      tutor: { id: tutor.id },
    });
    expect(ids(await wholeBox(parent, 'sent'))).toEqual([created.id]);
    expect(ids(await wholeBox(parent, 'children'))).toEqual([created.id]);
    expect(ids(await wholeBox(tutor, 'received'))).toEqual([created.id]);
    // The conversation is the parent's with the tutor, not the child's.
    const conversation = await parent.api.chat.get.query({ conversationId: created.conversationId });
    expect(conversation.members.map((m) => m.userId).sort()).toEqual([parent.id, tutor.id].sort());
  });

  it('keeps the package as it was when asked, whatever the tutor changes later', async () => {
    const { tutor, pkg, student, request } = await pendingRequest(t);
    await tutor.api.sessionRequests.packages.update.mutate({ packageId: pkg.id, name: 'Algebra, now pricier', price: 300 });
    const seen = await student.api.sessionRequests.get.query({ requestId: request.id });
    expect(seen.package).toEqual(request.package);
    expect(seen.package).toMatchObject({ name: pkg.name, price: 150 });
    const [card] = await cardMessages(student, request.conversationId);
    expect(card?.metadata.package).toEqual(request.package);
  });
});

describe('one pending request per requester, tutor, package and student', () => {
  it('refuses a second pending one with CONFLICT naming the first and the day it was sent', async () => {
    const { tutor, pkg, student, request } = await pendingRequest(t);
    const error = await expectError(
      student.api.sessionRequests.create.mutate(requestFor(tutor, pkg, { days: ['friday'], message: 'Again, differently' })),
      'CONFLICT',
      'REQUEST_ALREADY_SENT',
    );
    expect(error.message.startsWith('Request already sent.')).toBe(true);
    expect(error.message).toContain(request.id);
    expect(error.message).toContain(`sent on ${sentOn(request.createdAt)}`);
    // Still exactly the first request, and one card in the chat.
    expect(ids(await wholeBox(student, 'sent'))).toEqual([request.id]);
    expect((await cardMessages(student, request.conversationId)).map((m) => m.metadata.requestId)).toEqual([request.id]);
  });

  it('allows another package of the same tutor', async () => {
    const { tutor, student, request } = await pendingRequest(t);
    const other = await addPackage(tutor, { name: 'Geometry crash course' });
    const second = await student.api.sessionRequests.create.mutate(requestFor(tutor, other));
    expect(second.id).not.toBe(request.id);
    // Both go into the same conversation with the tutor.
    expect(second.conversationId).toBe(request.conversationId);
    expect(ids(await wholeBox(student, 'sent'))).toEqual([second.id, request.id]);
    expect((await cardMessages(tutor, request.conversationId)).map((m) => m.metadata.requestId)).toEqual([request.id, second.id]);
  });

  it.each(['accept', 'reject', 'cancel'] as const)('allows a new one once the earlier was answered (%s)', async (transition) => {
    const { tutor, pkg, student, request } = await pendingRequest(t);
    if (transition === 'cancel') await student.api.sessionRequests.cancel.mutate({ requestId: request.id });
    else await tutor.api.sessionRequests[transition].mutate({ requestId: request.id });
    const again = await student.api.sessionRequests.create.mutate(requestFor(tutor, pkg));
    expect(again.id).not.toBe(request.id);
    expect(again.status).toBe('pending');
    const sent = await wholeBox(student, 'sent');
    expect(ids(sent)).toEqual([again.id, request.id]);
    expect(sent.map((r) => r.status)).toEqual(['pending', { accept: 'accepted', reject: 'rejected', cancel: 'cancelled' }[transition]]);
    // And only one pending: a third is refused again.
    await expectError(student.api.sessionRequests.create.mutate(requestFor(tutor, pkg)), 'CONFLICT', 'REQUEST_ALREADY_SENT');
  });

  it('allows a parent to book the same package for two children, but not twice for one', async () => {
    const [{ tutor, pkg }, parent, first, second] = await Promise.all([
      tutorWithPackage(t),
      makeParent(t),
      makeStudent(t, 'First Child'),
      makeStudent(t, 'Second Child'),
    ]);
    await Promise.all([linkChild(parent, first), linkChild(parent, second)]);
    const forFirst = await parent.api.sessionRequests.create.mutate(parentRequestFor(tutor, pkg, first));
    const forSecond = await parent.api.sessionRequests.create.mutate(parentRequestFor(tutor, pkg, second));
    expect(forSecond.student.id).toBe(second.id);
    await expectError(parent.api.sessionRequests.create.mutate(parentRequestFor(tutor, pkg, first)), 'CONFLICT', 'REQUEST_ALREADY_SENT');
    expect(ids(await wholeBox(parent, 'sent'))).toEqual([forSecond.id, forFirst.id]);
  });

  it('counts a child’s own request and their parent’s request for them separately (different requesters)', async () => {
    const [{ tutor, pkg }, { parent, child }] = await Promise.all([tutorWithPackage(t), family(t)]);
    const own = await child.api.sessionRequests.create.mutate(requestFor(tutor, pkg));
    const byParent = await parent.api.sessionRequests.create.mutate(parentRequestFor(tutor, pkg, child));
    expect(byParent.id).not.toBe(own.id);
    expect(ids(await wholeBox(tutor, 'received'))).toEqual([byParent.id, own.id]);
  });
});

describe('a client key makes create safe to retry', () => {
  it('returns the first request (same id and message) for the same key, never CONFLICT', async () => {
    const [{ tutor, pkg }, student] = await Promise.all([tutorWithPackage(t), makeStudent(t)]);
    const clientKey = newClientKey();
    const first = await student.api.sessionRequests.create.mutate(requestFor(tutor, pkg, { clientKey }));
    expect(first.clientKey).toBe(clientKey);
    const retried = await student.api.sessionRequests.create.mutate(requestFor(tutor, pkg, { clientKey }));
    expect(retried).toMatchObject({ id: first.id, messageId: first.messageId, conversationId: first.conversationId, createdAt: first.createdAt });
    expect(ids(await wholeBox(student, 'sent'))).toEqual([first.id]);
    expect((await cardMessages(student, first.conversationId)).map((m) => m.id)).toEqual([first.messageId]);
  });

  it('still returns the first request after it was answered, rather than making a new one', async () => {
    const [{ tutor, pkg }, student] = await Promise.all([tutorWithPackage(t), makeStudent(t)]);
    const clientKey = newClientKey();
    const first = await student.api.sessionRequests.create.mutate(requestFor(tutor, pkg, { clientKey }));
    await student.api.sessionRequests.cancel.mutate({ requestId: first.id });
    const retried = await student.api.sessionRequests.create.mutate(requestFor(tutor, pkg, { clientKey }));
    expect(retried).toMatchObject({ id: first.id, messageId: first.messageId, status: 'cancelled' });
    expect(ids(await wholeBox(student, 'sent'))).toEqual([first.id]);
  });

  it('is per requester: two students using the same key each get their own request', async () => {
    const [{ tutor, pkg }, ann, ben] = await Promise.all([tutorWithPackage(t), makeStudent(t, 'Ann'), makeStudent(t, 'Ben')]);
    const clientKey = newClientKey();
    const forAnn = await ann.api.sessionRequests.create.mutate(requestFor(tutor, pkg, { clientKey }));
    const forBen = await ben.api.sessionRequests.create.mutate(requestFor(tutor, pkg, { clientKey }));
    expect(forBen.id).not.toBe(forAnn.id);
    expect(forBen.requester.id).toBe(ben.id);
    expect(ids(await wholeBox(tutor, 'received'))).toEqual([forBen.id, forAnn.id]);
  });

  it('does not hide a duplicate behind a new key: a fresh key for the same pending request is CONFLICT', async () => {
    const [{ tutor, pkg }, student] = await Promise.all([tutorWithPackage(t), makeStudent(t)]);
    await student.api.sessionRequests.create.mutate(requestFor(tutor, pkg, { clientKey: newClientKey() }));
    await expectError(
      student.api.sessionRequests.create.mutate(requestFor(tutor, pkg, { clientKey: newClientKey() })),
      'CONFLICT',
      'REQUEST_ALREADY_SENT',
    );
  });
});

describe('roles', () => {
  it('a tutor may also be a student and book another tutor', async () => {
    const [{ tutor, pkg }, other] = await Promise.all([tutorWithPackage(t), makeTutor(t, 'Other Tutor')]);
    await other.api.sessionRequests.profiles.setStudent.mutate({ gradeLevel: 'Adult learner' });
    const created = await other.api.sessionRequests.create.mutate(requestFor(tutor, pkg));
    expect(created).toMatchObject({ requester: { id: other.id }, tutor: { id: tutor.id }, status: 'pending' });
  });
});
