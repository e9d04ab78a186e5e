import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectError } from '../../expect-error';
import { startTestServer, type TestServer, type TestUser } from '../../harness';
import { ids, unknownId } from '../../connections/helpers';
import { block, family, parentRequestFor, pendingRequest, tutorWithPackage, wholeBox } from './helpers';

let t: TestServer;
beforeAll(async () => {
  t = await startTestServer();
});
afterAll(() => t.close());

/** What `user` gets for `requestId` from every read and answer: each must be the "not found" of an unknown id. */
async function expectNotFoundEverywhere(user: TestUser, requestId: string) {
  const missing = await expectError(user.api.sessionRequests.get.query({ requestId: unknownId() }), 'NOT_FOUND');
  const calls = [
    user.api.sessionRequests.get.query({ requestId }),
    user.api.sessionRequests.accept.mutate({ requestId }),
    user.api.sessionRequests.reject.mutate({ requestId }),
    user.api.sessionRequests.cancel.mutate({ requestId }),
  ];
  // Awaited together: the calls go out in two batches (the query, the
  // mutations), and one that settles first must already have its handler.
  const errors = await Promise.all(calls.map((call) => expectError(call, 'NOT_FOUND')));
  for (const error of errors) expect(error.message).toBe(missing.message);
  for (const box of ['sent', 'received', 'children'] as const) expect(ids(await wholeBox(user, box))).not.toContain(requestId);
}

describe('a request seen by someone one of its people blocks', () => {
  it('a student blocked by the tutor no longer sees the request the block declined', async () => {
    const { tutor, student, request } = await pendingRequest(t);
    await block(tutor, student);
    await tutor.api.users.updateMe.mutate({ name: 'Tutor Renamed' });
    await expectNotFoundEverywhere(student, request.id);
    // The blocker still sees what their block ended.
    expect((await tutor.api.sessionRequests.get.query({ requestId: request.id })).status).toBe('rejected');
  });

  it('a parent blocked by the tutor no longer sees the booking for their child, in any box', async () => {
    const [{ tutor, pkg }, { parent, child }] = await Promise.all([tutorWithPackage(t), family(t)]);
    const request = await parent.api.sessionRequests.create.mutate(parentRequestFor(tutor, pkg, child));
    await block(tutor, parent);
    await expectNotFoundEverywhere(parent, request.id);
  });

  it('a tutor blocked by the student, or by the parent who booked, no longer sees the request', async () => {
    const byStudent = await pendingRequest(t);
    await block(byStudent.student, byStudent.tutor);
    await expectNotFoundEverywhere(byStudent.tutor, byStudent.request.id);

    const [{ tutor, pkg }, { parent, child }] = await Promise.all([tutorWithPackage(t), family(t)]);
    const request = await parent.api.sessionRequests.create.mutate(parentRequestFor(tutor, pkg, child));
    await block(parent, tutor);
    await expectNotFoundEverywhere(tutor, request.id);
  });

  it('a parent blocked by their child no longer sees the child in family.list', async () => {
    const { parent, child } = await family(t);
    await block(child, parent);
    expect(await parent.api.sessionRequests.family.list.query()).toEqual({ children: [], parents: [] });
    // The blocker still sees the link, and either side may still end it.
    expect((await child.api.sessionRequests.family.list.query()).parents.map((l) => l.parent.id)).toEqual([parent.id]);
    expect(await parent.api.sessionRequests.family.remove.mutate({ userId: child.id })).toEqual({ parentId: parent.id, childId: child.id });
  });
});
