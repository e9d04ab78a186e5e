import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectFieldErrors } from '../../expect-error';
import { startTestServer, type TestServer } from '../../harness';
import { ids, unchecked, walkPages } from '../../connections/helpers';
import { makeParent, makeStudent, makeTutor, linkChild } from '../setup';
import { addPackage, family, parentRequestFor, requestFor, tutorWithPackage, wholeBox, type RequestView } from './helpers';

let t: TestServer;
beforeAll(async () => {
  t = await startTestServer();
});
afterAll(() => t.close());

/** Newest first: createdAt descending, then id descending for requests made in the same millisecond. */
const newestFirst = (a: RequestView, b: RequestView) =>
  a.createdAt === b.createdAt ? (a.id < b.id ? 1 : a.id > b.id ? -1 : 0) : a.createdAt < b.createdAt ? 1 : -1;

describe('sessionRequests.list', () => {
  it('pages through sent and received newest first, every request once', async () => {
    const [tutor, student, otherTutor] = await Promise.all([makeTutor(t, 'Tina'), makeStudent(t, 'Sam'), makeTutor(t, 'Otto')]);
    const packages = await Promise.all(Array.from({ length: 5 }, (_, i) => addPackage(tutor, { name: `Package ${i + 1}` })));
    const made: RequestView[] = [];
    for (const pkg of packages) made.push(await student.api.sessionRequests.create.mutate(requestFor(tutor, pkg)));
    const expected = ids([...made].reverse());

    for (const limit of [1, 2, 5, 100]) {
      const sent = await walkPages(limit, (cursor) => student.api.sessionRequests.list.query({ box: 'sent', cursor, limit }));
      expect(ids(sent.flat())).toEqual(expected);
      const received = await walkPages(limit, (cursor) => tutor.api.sessionRequests.list.query({ box: 'received', cursor, limit }));
      expect(ids(received.flat())).toEqual(expected);
    }
    const firstPage = await student.api.sessionRequests.list.query({ box: 'sent', limit: 2 });
    expect(ids(firstPage.items)).toEqual(expected.slice(0, 2));
    // An item of the list is the same view `get` returns.
    const newest = firstPage.items[0];
    expect(newest).toEqual(await student.api.sessionRequests.get.query({ requestId: newest?.id ?? '' }));

    expect(await wholeBox(otherTutor, 'received')).toEqual([]);
    expect(await wholeBox(student, 'received')).toEqual([]);
    expect(await wholeBox(student, 'children')).toEqual([]);
  });

  it('breaks ties in createdAt by id, so pages neither skip nor repeat requests made at once', async () => {
    const { tutor, pkg } = await tutorWithPackage(t);
    const students = await Promise.all(Array.from({ length: 8 }, (_, i) => makeStudent(t, `Student ${i + 1}`)));
    const made = await Promise.all(students.map((s) => s.api.sessionRequests.create.mutate(requestFor(tutor, pkg))));
    const expected = ids([...made].sort(newestFirst));
    expect(ids(await wholeBox(tutor, 'received'))).toEqual(expected);
    for (const limit of [1, 3]) {
      const pages = await walkPages(limit, (cursor) => tutor.api.sessionRequests.list.query({ box: 'received', cursor, limit }));
      expect(ids(pages.flat())).toEqual(expected);
    }
  });

  it('filters by status in each box', async () => {
    const [tutor, { parent, child }] = await Promise.all([makeTutor(t), family(t)]);
    const [p1, p2, p3, p4] = await Promise.all([1, 2, 3, 4].map((i) => addPackage(tutor, { name: `Filter ${i}` })));
    if (!p1 || !p2 || !p3 || !p4) throw new Error('four packages expected');
    const pending = await parent.api.sessionRequests.create.mutate(parentRequestFor(tutor, p1, child));
    const accepted = await parent.api.sessionRequests.create.mutate(parentRequestFor(tutor, p2, child));
    const rejected = await parent.api.sessionRequests.create.mutate(parentRequestFor(tutor, p3, child));
    const cancelled = await parent.api.sessionRequests.create.mutate(parentRequestFor(tutor, p4, child));
    await tutor.api.sessionRequests.accept.mutate({ requestId: accepted.id });
    await tutor.api.sessionRequests.reject.mutate({ requestId: rejected.id });
    await parent.api.sessionRequests.cancel.mutate({ requestId: cancelled.id });

    const byStatus = { pending, accepted, rejected, cancelled };
    for (const [status, request] of Object.entries(byStatus) as [RequestView['status'], RequestView][]) {
      for (const [who, box] of [[parent, 'sent'], [tutor, 'received'], [parent, 'children']] as const) {
        const items = await wholeBox(who, box, status);
        expect(ids(items), `${box} ${status}`).toEqual([request.id]);
        expect(items[0]?.status).toBe(status);
      }
    }
    expect(ids(await wholeBox(tutor, 'received'))).toEqual([cancelled.id, rejected.id, accepted.id, pending.id]);
  });

  it('children: requests for my accepted children, whoever made them; nothing for a pending link', async () => {
    const [{ tutor, pkg }, { parent, child }, secondParent, pendingParent, stranger] = await Promise.all([
      tutorWithPackage(t),
      family(t),
      makeParent(t, 'Second Parent'),
      makeParent(t, 'Pending Parent'),
      makeStudent(t, 'Stranger Student'),
    ]);
    await linkChild(secondParent, child);
    await pendingParent.api.sessionRequests.family.link.mutate({ userId: child.id, relation: 'child' });
    const other = await addPackage(tutor, { name: 'Second package' });

    const byChild = await child.api.sessionRequests.create.mutate(requestFor(tutor, pkg));
    const byParent = await parent.api.sessionRequests.create.mutate(parentRequestFor(tutor, pkg, child));
    const bySecondParent = await secondParent.api.sessionRequests.create.mutate(parentRequestFor(tutor, other, child));
    await stranger.api.sessionRequests.create.mutate(requestFor(tutor, pkg));

    const forChild = [bySecondParent.id, byParent.id, byChild.id];
    expect(ids(await wholeBox(parent, 'children'))).toEqual(forChild);
    expect(ids(await wholeBox(secondParent, 'children'))).toEqual(forChild);
    expect(await wholeBox(pendingParent, 'children')).toEqual([]);
    // sent is only what I made myself.
    expect(ids(await wholeBox(parent, 'sent'))).toEqual([byParent.id]);
    // sent is the child's own request; attending is every request they are the student of, whoever made it.
    expect(ids(await wholeBox(child, 'sent'))).toEqual([byChild.id]);
    expect(ids(await wholeBox(child, 'attending'))).toEqual(forChild);
    expect(await wholeBox(child, 'children')).toEqual([]);
    expect(await wholeBox(parent, 'attending')).toEqual([]);
    expect(await wholeBox(tutor, 'attending')).toEqual([]);
    expect(await wholeBox(stranger, 'children')).toEqual([]);
    expect(ids(await wholeBox(tutor, 'received'))).toHaveLength(4);
  });

  it('defaults to 20 a page', async () => {
    const tutor = await makeTutor(t);
    const student = await makeStudent(t);
    const packages = await Promise.all(Array.from({ length: 21 }, (_, i) => addPackage(tutor, { name: `Bulk ${i + 1}` })));
    for (const pkg of packages) await student.api.sessionRequests.create.mutate(requestFor(tutor, pkg));
    const first = await student.api.sessionRequests.list.query({ box: 'sent' });
    expect(first.items).toHaveLength(20);
    expect(first.nextCursor).not.toBeNull();
    const second = await student.api.sessionRequests.list.query({ box: 'sent', cursor: first.nextCursor ?? undefined });
    expect(second.items).toHaveLength(1);
    expect(second.nextCursor).toBeNull();
  });

  it('refuses a bad page request with field errors', async () => {
    const student = await makeStudent(t);
    await expectFieldErrors(student.api.sessionRequests.list.query({ box: 'sent', limit: 0 }), ['limit']);
    await expectFieldErrors(student.api.sessionRequests.list.query({ box: 'sent', limit: 101 }), ['limit']);
    await expectFieldErrors(student.api.sessionRequests.list.query({ box: 'sent', limit: 2.5 }), ['limit']);
    await expectFieldErrors(student.api.sessionRequests.list.query({ box: 'sent', cursor: 'not-a-cursor' }), ['cursor']);
    await expectFieldErrors(student.api.sessionRequests.list.query({ box: unchecked('inbox') }), ['box']);
    await expectFieldErrors(student.api.sessionRequests.list.query({ box: 'sent', status: unchecked('open') }), ['status']);
    const page = await student.api.sessionRequests.list.query({ box: 'sent', limit: 100 });
    expect(page).toEqual({ items: [], nextCursor: null });
  });
});
