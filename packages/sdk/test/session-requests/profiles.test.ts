import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer, type TestUser } from '../harness';
import { expectError, expectFieldErrors } from '../expect-error';
import { unchecked, unknownId, walkPages } from '../connections/helpers';
import { DEFAULT_TUTOR_PROFILE, linkChild, makeParent, makeStudent, makeTutor } from './setup';

let t: TestServer;
beforeAll(async () => {
  t = await startTestServer();
});
afterAll(async () => {
  await t.close();
});

/** A subject no other test uses, so discovery results are this test's alone. */
const uniqueSubject = () => `Subject ${randomUUID().slice(0, 8)}`;

const block = (blocker: TestUser, blocked: TestUser) =>
  blocker.api.connections.create.mutate({ targetUserId: blocked.id, type: 'block' });

/** A one-time request, as a student for themself, for a new package of `tutor`'s. */
async function oneTimeRequest(tutor: TestUser) {
  const pkg = await tutor.api.sessionRequests.packages.create.mutate({
    name: 'Algebra, one session',
    sessionCount: 1,
    minutesPerSession: 60,
    price: 40,
    currency: 'EUR',
    scheduleType: 'one_time',
  });
  const nextWeek = new Date(Date.now() + 7 * 24 * 3600 * 1000).toISOString().slice(0, 10);
  return {
    requesterRole: 'student' as const,
    tutorId: tutor.id,
    packageId: pkg.id,
    scheduleType: 'one_time' as const,
    startDate: nextWeek,
    startTime: '14:00',
    endTime: '15:00',
  };
}

describe('sessionRequests.profiles: own roles', () => {
  it('mine is all null for a new user and fills in as roles are taken', async () => {
    const ann = await t.user('Ann');
    expect(await ann.api.sessionRequests.profiles.mine.query()).toEqual({ tutor: null, student: null, parent: null });

    const tutor = await ann.api.sessionRequests.profiles.setTutor.mutate({
      subjects: ['Maths', 'Physics'],
      languages: ['English'],
      hourlyRate: 42.5,
      currency: 'EUR',
    });
    expect(tutor).toMatchObject({
      userId: ann.id,
      name: 'Ann',
      avatarUrl: null,
      bio: '',
      subjects: ['Maths', 'Physics'],
      languages: ['English'],
      hourlyRate: 42.5,
      currency: 'EUR',
    });
    const student = await ann.api.sessionRequests.profiles.setStudent.mutate({ gradeLevel: '  Grade 11 ', subjects: ['Chemistry'] });
    expect(student).toMatchObject({ userId: ann.id, name: 'Ann', gradeLevel: 'Grade 11', subjects: ['Chemistry'] });
    const parent = await ann.api.sessionRequests.profiles.setParent.mutate();
    expect(parent.userId).toBe(ann.id);

    expect(await ann.api.sessionRequests.profiles.mine.query()).toEqual({ tutor, student, parent });
  });

  it('setTutor updates the one profile, keeping createdAt and moving updatedAt', async () => {
    const ann = await makeTutor(t, 'Ann');
    const first = await ann.api.sessionRequests.profiles.tutor.query({ userId: ann.id });
    await new Promise((resolve) => setTimeout(resolve, 5));
    const second = await ann.api.sessionRequests.profiles.setTutor.mutate({
      ...DEFAULT_TUTOR_PROFILE,
      bio: 'Now with statistics.',
      subjects: ['Maths', 'Statistics'],
      hourlyRate: 55.99,
      currency: 'USD',
    });
    expect(second).toMatchObject({ bio: 'Now with statistics.', subjects: ['Maths', 'Statistics'], hourlyRate: 55.99, currency: 'USD' });
    expect(second.createdAt).toBe(first.createdAt);
    expect(Date.parse(second.updatedAt)).toBeGreaterThan(Date.parse(first.updatedAt));
    expect((await ann.api.sessionRequests.profiles.mine.query()).tutor).toEqual(second);
  });

  it('setTutor with the same input twice gives the same profile', async () => {
    const ann = await t.user('Ann');
    const [a, b] = [
      await ann.api.sessionRequests.profiles.setTutor.mutate(DEFAULT_TUTOR_PROFILE),
      await ann.api.sessionRequests.profiles.setTutor.mutate(DEFAULT_TUTOR_PROFILE),
    ];
    expect({ ...b, updatedAt: a.updatedAt }).toEqual(a);
  });

  it('setStudent replaces the fields of the one profile', async () => {
    const bea = await makeStudent(t, 'Bea');
    const updated = await bea.api.sessionRequests.profiles.setStudent.mutate({ gradeLevel: 'Grade 10', subjects: ['History'] });
    expect(updated).toMatchObject({ userId: bea.id, gradeLevel: 'Grade 10', subjects: ['History'] });
    expect((await bea.api.sessionRequests.profiles.mine.query()).student).toEqual(updated);
  });

  it('setParent is idempotent: a second call returns the same row', async () => {
    const pat = await t.user('Pat');
    const first = await pat.api.sessionRequests.profiles.setParent.mutate();
    const second = await pat.api.sessionRequests.profiles.setParent.mutate();
    expect(second).toEqual(first);
  });

  it('requires a session', async () => {
    await expectError(t.anonymous().api.sessionRequests.profiles.mine.query(), 'UNAUTHORIZED');
    await expectError(t.anonymous().api.sessionRequests.profiles.setParent.mutate(), 'UNAUTHORIZED');
  });
});

describe('sessionRequests.profiles: bad input', () => {
  const setTutor = (user: TestUser, changes: Record<string, unknown>) =>
    user.api.sessionRequests.profiles.setTutor.mutate(unchecked({ ...DEFAULT_TUTOR_PROFILE, ...changes }));

  it('rejects a lower-case, unknown or malformed currency', async () => {
    const ann = await t.user('Ann');
    for (const currency of ['eur', 'XXQ', 'EURO', '']) await expectFieldErrors(setTutor(ann, { currency }), ['currency']);
    expect((await ann.api.sessionRequests.profiles.mine.query()).tutor).toBeNull();
  });

  it('rejects a rate with three decimals, a negative rate or one that is not a number', async () => {
    const ann = await t.user('Ann');
    for (const hourlyRate of [10.005, -1, '40', 2_000_000]) await expectFieldErrors(setTutor(ann, { hourlyRate }), ['hourlyRate']);
  });

  it('rejects empty, blank or repeated subjects and languages', async () => {
    const ann = await t.user('Ann');
    await expectFieldErrors(setTutor(ann, { subjects: [] }), ['subjects']);
    await expectFieldErrors(setTutor(ann, { languages: [] }), ['languages']);
    await expectFieldErrors(setTutor(ann, { subjects: ['Maths', 'maths'] }), ['subjects']);
    await expectFieldErrors(setTutor(ann, { subjects: ['   '] }), ['subjects.0']);
    await expectFieldErrors(setTutor(ann, { subjects: ['x'.repeat(61)] }), ['subjects.0']);
  });

  it('rejects unknown keys rather than ignoring them', async () => {
    const ann = await t.user('Ann');
    const error = await expectError(setTutor(ann, { userId: unknownId() }), 'BAD_REQUEST');
    expect(error.message.length).toBeGreaterThan(0);
    await expectError(
      ann.api.sessionRequests.profiles.setStudent.mutate(unchecked({ gradeLevel: 'Grade 9', userId: unknownId() })),
      'BAD_REQUEST',
    );
    expect(await ann.api.sessionRequests.profiles.mine.query()).toEqual({ tutor: null, student: null, parent: null });
  });

  it('rejects a blank grade level and a bad user id', async () => {
    const ann = await t.user('Ann');
    await expectFieldErrors(ann.api.sessionRequests.profiles.setStudent.mutate({ gradeLevel: '  ' }), ['gradeLevel']);
    await expectFieldErrors(ann.api.sessionRequests.profiles.tutor.query({ userId: 'not-a-uuid' }), ['userId']);
    await expectFieldErrors(ann.api.sessionRequests.profiles.student.query({ userId: 'not-a-uuid' }), ['userId']);
  });

  it('rejects blank or overlong discovery filters and a forged cursor', async () => {
    const ann = await t.user('Ann');
    await expectFieldErrors(ann.api.sessionRequests.profiles.tutors.query({ subject: '  ' }), ['subject']);
    await expectFieldErrors(ann.api.sessionRequests.profiles.tutors.query({ language: 'x'.repeat(61) }), ['language']);
    await expectFieldErrors(ann.api.sessionRequests.profiles.tutors.query({ cursor: 'garbage' }), ['cursor']);
    await expectFieldErrors(ann.api.sessionRequests.profiles.tutors.query({ limit: 101 }), ['limit']);
  });
});

describe('sessionRequests.profiles.tutor', () => {
  it('shows a tutor to anyone signed in', async () => {
    const tom = await makeTutor(t, 'Tom', { bio: 'Calculus for all.' });
    const ann = await t.user('Ann');
    expect(await ann.api.sessionRequests.profiles.tutor.query({ userId: tom.id })).toMatchObject({
      userId: tom.id,
      name: 'Tom',
      bio: 'Calculus for all.',
      hourlyRate: 40,
      currency: 'EUR',
    });
  });

  it('is NOT_FOUND for a user without a tutor profile and for an unknown id', async () => {
    const ann = await t.user('Ann');
    const bea = await makeStudent(t, 'Bea');
    const missing = await expectError(ann.api.sessionRequests.profiles.tutor.query({ userId: bea.id }), 'NOT_FOUND');
    expect(missing.message).toBe('Tutor not found.');
    await expectError(ann.api.sessionRequests.profiles.tutor.query({ userId: unknownId() }), 'NOT_FOUND');
  });

  it('is NOT_FOUND when either blocks the other', async () => {
    const tom = await makeTutor(t, 'Tom');
    const ann = await t.user('Ann');
    const bob = await t.user('Bob');
    await block(tom, ann);
    await block(bob, tom);
    await expectError(ann.api.sessionRequests.profiles.tutor.query({ userId: tom.id }), 'NOT_FOUND');
    await expectError(bob.api.sessionRequests.profiles.tutor.query({ userId: tom.id }), 'NOT_FOUND');
    expect((await tom.api.sessionRequests.profiles.tutor.query({ userId: tom.id })).userId).toBe(tom.id);
  });
});

describe('sessionRequests.profiles.tutors', () => {
  it('finds tutors by subject and language ignoring case, newest first', async () => {
    const subject = uniqueSubject();
    const older = await makeTutor(t, 'Older', { subjects: ['Maths', subject], languages: ['English', 'Amharic'] });
    const newer = await makeTutor(t, 'Newer', { subjects: [subject.toUpperCase()], languages: ['French'] });
    await makeTutor(t, 'Other', { subjects: ['Maths'], languages: ['Amharic'] });
    const ann = await t.user('Ann');

    const bySubject = await ann.api.sessionRequests.profiles.tutors.query({ subject: subject.toLowerCase() });
    expect(bySubject.items.map((p) => p.userId)).toEqual([newer.id, older.id]);
    expect(bySubject.nextCursor).toBeNull();

    const both = await ann.api.sessionRequests.profiles.tutors.query({ subject, language: 'amharic' });
    expect(both.items.map((p) => p.userId)).toEqual([older.id]);
    expect(both.items[0]).toMatchObject({ name: 'Older', subjects: ['Maths', subject], languages: ['English', 'Amharic'] });

    // A filter matches whole labels only, not parts of them.
    const partial = await ann.api.sessionRequests.profiles.tutors.query({ subject: subject.slice(0, 5) });
    expect(partial.items.map((p) => p.userId)).not.toContain(older.id);
  });

  it('pages through every match once, without repeats', async () => {
    const subject = uniqueSubject();
    const tutors: TestUser[] = [];
    for (let i = 0; i < 7; i++) tutors.push(await makeTutor(t, `Tutor ${i}`, { subjects: [subject] }));
    const ann = await t.user('Ann');
    const pages = await walkPages(3, async (cursor) => ann.api.sessionRequests.profiles.tutors.query({ subject, limit: 3, cursor }));
    expect(pages.map((p) => p.length)).toEqual([3, 3, 1]);
    expect(pages.flat().map((p) => p.userId)).toEqual(tutors.map((u) => u.id).reverse());
  });

  it('lists every tutor with no filter, the caller included', async () => {
    const me = await makeTutor(t, 'Me');
    const page = await me.api.sessionRequests.profiles.tutors.query();
    expect(page.items[0]?.userId).toBe(me.id);
  });

  it('leaves out tutors blocked either way', async () => {
    const subject = uniqueSubject();
    const blocksAnn = await makeTutor(t, 'Blocks Ann', { subjects: [subject] });
    const blockedByAnn = await makeTutor(t, 'Blocked by Ann', { subjects: [subject] });
    const visible = await makeTutor(t, 'Visible', { subjects: [subject] });
    const ann = await t.user('Ann');
    await block(blocksAnn, ann);
    await block(ann, blockedByAnn);
    const page = await ann.api.sessionRequests.profiles.tutors.query({ subject });
    expect(page.items.map((p) => p.userId)).toEqual([visible.id]);
    const stranger = await t.user('Stranger');
    expect((await stranger.api.sessionRequests.profiles.tutors.query({ subject })).items).toHaveLength(3);
  });
});

describe('sessionRequests.profiles.student', () => {
  it('is visible to the student and to an accepted parent', async () => {
    const bea = await makeStudent(t, 'Bea');
    const pat = await makeParent(t, 'Pat');
    const own = await bea.api.sessionRequests.profiles.student.query({ userId: bea.id });
    expect(own).toMatchObject({ userId: bea.id, name: 'Bea', gradeLevel: 'Grade 9', subjects: [] });

    // A proposal is not enough: only a confirmed link counts.
    await pat.api.sessionRequests.family.link.mutate({ userId: bea.id, relation: 'child' });
    const pending = await expectError(pat.api.sessionRequests.profiles.student.query({ userId: bea.id }), 'NOT_FOUND');
    expect(pending.message).toBe('Student not found.');

    await bea.api.sessionRequests.family.accept.mutate({ userId: pat.id });
    expect(await pat.api.sessionRequests.profiles.student.query({ userId: bea.id })).toEqual(own);
  });

  it('is the same NOT_FOUND to a stranger, a tutor without a request and for an unknown id', async () => {
    const bea = await makeStudent(t, 'Bea');
    const stranger = await t.user('Stranger');
    const tom = await makeTutor(t, 'Tom');
    const messages = await Promise.all([
      expectError(stranger.api.sessionRequests.profiles.student.query({ userId: bea.id }), 'NOT_FOUND'),
      expectError(tom.api.sessionRequests.profiles.student.query({ userId: bea.id }), 'NOT_FOUND'),
      expectError(stranger.api.sessionRequests.profiles.student.query({ userId: unknownId() }), 'NOT_FOUND'),
      expectError(stranger.api.sessionRequests.profiles.student.query({ userId: tom.id }), 'NOT_FOUND'),
    ]);
    expect(new Set(messages.map((e) => e.message))).toEqual(new Set(['Student not found.']));
  });

  it('is NOT_FOUND to a linked parent once either blocks the other', async () => {
    const bea = await makeStudent(t, 'Bea');
    const pat = await makeParent(t, 'Pat');
    const sam = await makeParent(t, 'Sam');
    await linkChild(pat, bea);
    await linkChild(sam, bea);
    await block(bea, pat);
    await block(sam, bea);
    await expectError(pat.api.sessionRequests.profiles.student.query({ userId: bea.id }), 'NOT_FOUND');
    await expectError(sam.api.sessionRequests.profiles.student.query({ userId: bea.id }), 'NOT_FOUND');
    expect((await bea.api.sessionRequests.profiles.student.query({ userId: bea.id })).userId).toBe(bea.id);
  });

  it('is visible to a tutor the student, or their parent, has sent a request to', async () => {
    const [tom, tina, other] = await Promise.all([makeTutor(t, 'Tom'), makeTutor(t, 'Tina'), makeTutor(t, 'Other')]);
    const [bea, cal, pat] = await Promise.all([makeStudent(t, 'Bea'), makeStudent(t, 'Cal'), makeParent(t, 'Pat')]);
    await linkChild(pat, cal);
    await bea.api.sessionRequests.create.mutate(await oneTimeRequest(tom));
    await pat.api.sessionRequests.create.mutate({ ...(await oneTimeRequest(tina)), requesterRole: 'parent', studentId: cal.id });

    expect((await tom.api.sessionRequests.profiles.student.query({ userId: bea.id })).userId).toBe(bea.id);
    expect((await tina.api.sessionRequests.profiles.student.query({ userId: cal.id })).userId).toBe(cal.id);
    await expectError(tom.api.sessionRequests.profiles.student.query({ userId: cal.id }), 'NOT_FOUND');
    await expectError(other.api.sessionRequests.profiles.student.query({ userId: bea.id }), 'NOT_FOUND');

    await block(bea, tom);
    await expectError(tom.api.sessionRequests.profiles.student.query({ userId: bea.id }), 'NOT_FOUND');
  });

  it('is not visible to the child of a parent, the other way round', async () => {
    const bea = await makeStudent(t, 'Bea');
    const pat = await makeParent(t, 'Pat');
    await pat.api.sessionRequests.profiles.setStudent.mutate({ gradeLevel: 'University' });
    await linkChild(pat, bea);
    await expectError(bea.api.sessionRequests.profiles.student.query({ userId: pat.id }), 'NOT_FOUND');
  });
});
