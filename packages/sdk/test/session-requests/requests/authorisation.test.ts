import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectError } from '../../expect-error';
import { startTestServer, type TestServer, type TestUser } from '../../harness';
import { unknownId } from '../../connections/helpers';
import { linkChild, makeParent, makeStudent, makeTutor } from '../setup';
import {
  addPackage,
  block,
  family,
  parentRequestFor,
  pendingRequest,
  requestFor,
  tutorWithPackage,
  wholeBox,
  type PackageView,
} from './helpers';

let t: TestServer;
let tutor: TestUser;
let pkg: PackageView;
beforeAll(async () => {
  t = await startTestServer();
  ({ tutor, pkg } = await tutorWithPackage(t));
});
afterAll(() => t.close());

/**
 * Asserts that `user` made no request at all and the refusals left nothing
 * behind: the conversation is opened in the create's transaction, so a
 * refused create must not leave one either.
 */
async function expectNothingSent(user: TestUser) {
  expect(await wholeBox(user, 'sent')).toEqual([]);
  expect((await user.api.chat.list.query({ limit: 100 })).items).toEqual([]);
}

describe('create: who may ask', () => {
  it('is FORBIDDEN to ask as a student without a student profile, or as a parent without a parent profile', async () => {
    const [plain, parentOnly, studentOnly, child] = await Promise.all([t.user('Plain'), makeParent(t), makeStudent(t), makeStudent(t)]);
    await expectError(plain.api.sessionRequests.create.mutate(requestFor(tutor, pkg)), 'FORBIDDEN');
    await expectError(parentOnly.api.sessionRequests.create.mutate(requestFor(tutor, pkg)), 'FORBIDDEN');
    await expectError(plain.api.sessionRequests.create.mutate(parentRequestFor(tutor, pkg, child)), 'FORBIDDEN');
    await expectError(studentOnly.api.sessionRequests.create.mutate(parentRequestFor(tutor, pkg, child)), 'FORBIDDEN');
    for (const user of [plain, parentOnly, studentOnly]) await expectNothingSent(user);
  });

  it('is FORBIDDEN for a parent to book for anyone but an accepted child', async () => {
    const [parent, pendingChild, stranger] = await Promise.all([makeParent(t), makeStudent(t, 'Pending Child'), makeStudent(t, 'Stranger')]);
    await parent.api.sessionRequests.family.link.mutate({ userId: pendingChild.id, relation: 'child' });
    await expectError(parent.api.sessionRequests.create.mutate(parentRequestFor(tutor, pkg, pendingChild)), 'FORBIDDEN');
    await expectError(parent.api.sessionRequests.create.mutate(parentRequestFor(tutor, pkg, stranger)), 'FORBIDDEN');
    await expectError(parent.api.sessionRequests.create.mutate(parentRequestFor(tutor, pkg, parent)), 'FORBIDDEN');
    // An unknown user is no child of theirs either.
    await expectError(parent.api.sessionRequests.create.mutate(requestFor(tutor, pkg, { requesterRole: 'parent', studentId: unknownId() })), 'FORBIDDEN');
    await expectNothingSent(parent);
    expect(await wholeBox(tutor, 'received')).toEqual([]);
  });

  it('is BAD_REQUEST for a student to name someone else as the student', async () => {
    const [student, other] = await Promise.all([makeStudent(t), makeStudent(t)]);
    await expectError(student.api.sessionRequests.create.mutate(requestFor(tutor, pkg, { studentId: other.id })), 'BAD_REQUEST');
    await expectNothingSent(student);
  });

  it('is FORBIDDEN for a tutor to book their own package, or a parent to book a child for the child’s own package', async () => {
    const [selfBooker, { parent, child }] = await Promise.all([makeTutor(t, 'Self Booker'), family(t)]);
    await selfBooker.api.sessionRequests.profiles.setStudent.mutate({ gradeLevel: 'Adult' });
    const own = await addPackage(selfBooker);
    await expectError(selfBooker.api.sessionRequests.create.mutate(requestFor(selfBooker, own)), 'FORBIDDEN');

    await child.api.sessionRequests.profiles.setTutor.mutate({ subjects: ['Chess'], languages: ['English'], hourlyRate: 10, currency: 'EUR' });
    const childsPackage = await addPackage(child, { name: 'Chess for beginners' });
    await expectError(parent.api.sessionRequests.create.mutate(parentRequestFor(child, childsPackage, child)), 'FORBIDDEN');
    await expectNothingSent(selfBooker);
    await expectNothingSent(parent);
  });

  it('NOT_FOUND for a tutor who is unknown or holds no tutor profile, and for a package unknown, archived or another tutor’s', async () => {
    const [student, notATutor, otherTutor] = await Promise.all([makeStudent(t), makeStudent(t, 'Not A Tutor'), makeTutor(t, 'Other Tutor')]);
    const [othersPackage, archived] = await Promise.all([addPackage(otherTutor), addPackage(tutor, { name: 'Retired package' })]);
    await tutor.api.sessionRequests.packages.archive.mutate({ packageId: archived.id });

    await expectError(student.api.sessionRequests.create.mutate(requestFor(tutor, pkg, { tutorId: unknownId() })), 'NOT_FOUND');
    await expectError(student.api.sessionRequests.create.mutate(requestFor(tutor, pkg, { tutorId: notATutor.id })), 'NOT_FOUND');
    await expectError(student.api.sessionRequests.create.mutate(requestFor(tutor, pkg, { packageId: unknownId() })), 'NOT_FOUND');
    await expectError(student.api.sessionRequests.create.mutate(requestFor(tutor, archived)), 'NOT_FOUND');
    await expectError(student.api.sessionRequests.create.mutate(requestFor(tutor, othersPackage)), 'NOT_FOUND');
    await expectNothingSent(student);

    // Offered again, the package may be asked for.
    await tutor.api.sessionRequests.packages.unarchive.mutate({ packageId: archived.id });
    const request = await student.api.sessionRequests.create.mutate(requestFor(tutor, archived));
    expect(request.package.id).toBe(archived.id);
  });
});

describe('create: blocks', () => {
  it('a tutor who blocked the requester looks like no tutor at all', async () => {
    const [{ tutor: blocker, pkg: blockersPackage }, student] = await Promise.all([tutorWithPackage(t), makeStudent(t)]);
    await block(blocker, student);
    const blocked = await expectError(student.api.sessionRequests.create.mutate(requestFor(blocker, blockersPackage)), 'NOT_FOUND');
    const unknown = await expectError(student.api.sessionRequests.create.mutate(requestFor(blocker, blockersPackage, { tutorId: unknownId() })), 'NOT_FOUND');
    expect(blocked.message).toBe(unknown.message);
    await expectNothingSent(student);
    expect(await wholeBox(blocker, 'received')).toEqual([]);
  });

  it('a requester who blocked the tutor is told so, FORBIDDEN, and how to undo it', async () => {
    const [{ tutor: blocked, pkg: blockedPackage }, student] = await Promise.all([tutorWithPackage(t), makeStudent(t)]);
    await block(student, blocked);
    const error = await expectError(student.api.sessionRequests.create.mutate(requestFor(blocked, blockedPackage)), 'FORBIDDEN');
    expect(error.message).toMatch(/You have blocked/);
    expect(error.message).toMatch(/Unblock/);
    await expectNothingSent(student);
  });

  it('a parent who blocked the tutor is told so too, FORBIDDEN', async () => {
    const [{ tutor: blocked, pkg: blockedPackage }, { parent, child }] = await Promise.all([tutorWithPackage(t), family(t)]);
    await block(parent, blocked);
    const error = await expectError(parent.api.sessionRequests.create.mutate(parentRequestFor(blocked, blockedPackage, child)), 'FORBIDDEN');
    expect(error.message).toMatch(/You have blocked.*Unblock/);
    await expectNothingSent(parent);
  });

  it('a parent cannot book a child with a tutor when the child and the tutor are blocked, either way round', async () => {
    const [{ tutor: t1, pkg: p1 }, { tutor: t2, pkg: p2 }, { parent, child }] = await Promise.all([
      tutorWithPackage(t, {}, 'Tutor One'),
      tutorWithPackage(t, {}, 'Tutor Two'),
      family(t),
    ]);
    await block(t1, child);
    await block(child, t2);
    await expectError(parent.api.sessionRequests.create.mutate(parentRequestFor(t1, p1, child)), 'NOT_FOUND');
    await expectError(parent.api.sessionRequests.create.mutate(parentRequestFor(t2, p2, child)), 'NOT_FOUND');
    await expectNothingSent(parent);
  });

  it('a tutor who blocked the parent looks like no tutor to the parent either', async () => {
    const [{ tutor: blocker, pkg: blockersPackage }, { parent, child }] = await Promise.all([tutorWithPackage(t), family(t)]);
    await block(blocker, parent);
    await expectError(parent.api.sessionRequests.create.mutate(parentRequestFor(blocker, blockersPackage, child)), 'NOT_FOUND');
    await expectNothingSent(parent);
  });
});

describe('get and transitions: only the parties see a request', () => {
  it('get is for the requester, the tutor and the student’s accepted parents; NOT_FOUND for everyone else', async () => {
    const [{ tutor: own, pkg: ownPackage }, { parent, child }, otherTutor, otherParent, pendingParent, stranger] = await Promise.all([
      tutorWithPackage(t),
      family(t),
      makeTutor(t, 'Other Tutor'),
      makeParent(t, 'Other Parent'),
      makeParent(t, 'Pending Parent'),
      t.user('Stranger'),
    ]);
    await pendingParent.api.sessionRequests.family.link.mutate({ userId: child.id, relation: 'child' });
    const byChild = await child.api.sessionRequests.create.mutate(requestFor(own, ownPackage));
    for (const user of [child, own, parent]) {
      expect(await user.api.sessionRequests.get.query({ requestId: byChild.id })).toEqual(byChild);
    }
    const unknown = await expectError(stranger.api.sessionRequests.get.query({ requestId: unknownId() }), 'NOT_FOUND');
    for (const user of [otherTutor, otherParent, pendingParent, stranger]) {
      const error = await expectError(user.api.sessionRequests.get.query({ requestId: byChild.id }), 'NOT_FOUND');
      // The same answer as for an id that does not exist: nothing to tell the two apart.
      expect(error.message).toBe(unknown.message);
    }
  });

  it('a request a parent made is the child’s to see, since they attend it, but not to answer', async () => {
    const [{ tutor: own, pkg: ownPackage }, { parent, child }] = await Promise.all([tutorWithPackage(t), family(t)]);
    const byParent = await parent.api.sessionRequests.create.mutate(parentRequestFor(own, ownPackage, child));
    expect(await own.api.sessionRequests.get.query({ requestId: byParent.id })).toEqual(byParent);
    expect(await child.api.sessionRequests.get.query({ requestId: byParent.id })).toEqual(byParent);
    const cancel = await expectError(child.api.sessionRequests.cancel.mutate({ requestId: byParent.id }), 'FORBIDDEN');
    expect(cancel.message).toBe('Only the person who sent a request can cancel it.');
    await expectError(child.api.sessionRequests.accept.mutate({ requestId: byParent.id }), 'FORBIDDEN');
    await expectError(child.api.sessionRequests.reject.mutate({ requestId: byParent.id }), 'FORBIDDEN');
    expect((await own.api.sessionRequests.get.query({ requestId: byParent.id })).status).toBe('pending');
  });

  it('accept, reject and cancel by a stranger, another tutor or another parent are NOT_FOUND, as for an unknown id', async () => {
    const { tutor: own, student, request } = await pendingRequest(t);
    const [otherTutor, otherParent, stranger] = await Promise.all([makeTutor(t, 'Other Tutor'), makeParent(t), t.user('Stranger')]);
    for (const user of [otherTutor, otherParent, stranger]) {
      await expectError(user.api.sessionRequests.accept.mutate({ requestId: request.id }), 'NOT_FOUND');
      await expectError(user.api.sessionRequests.reject.mutate({ requestId: request.id, reason: 'Not mine to reject.' }), 'NOT_FOUND');
      await expectError(user.api.sessionRequests.cancel.mutate({ requestId: request.id }), 'NOT_FOUND');
    }
    await expectError(own.api.sessionRequests.accept.mutate({ requestId: unknownId() }), 'NOT_FOUND');
    await expectError(own.api.sessionRequests.reject.mutate({ requestId: unknownId() }), 'NOT_FOUND');
    await expectError(student.api.sessionRequests.cancel.mutate({ requestId: unknownId() }), 'NOT_FOUND');
    expect(await own.api.sessionRequests.get.query({ requestId: request.id })).toEqual(request);
  });

  it('a parent whose link was removed no longer sees the child’s requests', async () => {
    const [{ tutor: own, pkg: ownPackage }, parent, child] = await Promise.all([tutorWithPackage(t), makeParent(t), makeStudent(t)]);
    await linkChild(parent, child);
    const request = await child.api.sessionRequests.create.mutate(requestFor(own, ownPackage));
    expect((await parent.api.sessionRequests.get.query({ requestId: request.id })).id).toBe(request.id);
    await parent.api.sessionRequests.family.remove.mutate({ userId: child.id });
    await expectError(parent.api.sessionRequests.get.query({ requestId: request.id }), 'NOT_FOUND');
    expect(await wholeBox(parent, 'children')).toEqual([]);
  });

  it('everything is UNAUTHORIZED without a session', async () => {
    const anonymous = t.anonymous();
    await expectError(anonymous.api.sessionRequests.create.mutate(requestFor(tutor, pkg)), 'UNAUTHORIZED');
    await expectError(anonymous.api.sessionRequests.list.query({ box: 'received' }), 'UNAUTHORIZED');
    await expectError(anonymous.api.sessionRequests.get.query({ requestId: unknownId() }), 'UNAUTHORIZED');
    await expectError(anonymous.api.sessionRequests.accept.mutate({ requestId: unknownId() }), 'UNAUTHORIZED');
    await expectError(anonymous.api.sessionRequests.reject.mutate({ requestId: unknownId() }), 'UNAUTHORIZED');
    await expectError(anonymous.api.sessionRequests.cancel.mutate({ requestId: unknownId() }), 'UNAUTHORIZED');
  });
});
