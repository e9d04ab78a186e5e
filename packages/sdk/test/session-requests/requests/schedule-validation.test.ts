import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectError, expectFieldErrors } from '../../expect-error';
import { startTestServer, type TestServer, type TestUser } from '../../harness';
import { unchecked } from '../../connections/helpers';
import { makeStudent } from '../setup';
import { addPackage, cardMessages, dateFromToday, expectNoFieldErrors, requestFor, tutorWithPackage, wholeBox, type CreateInput, type PackageView } from './helpers';

let t: TestServer;
let tutor: TestUser;
let student: TestUser;
let recurring: PackageView;
let oneTime: PackageView;
let longSessions: PackageView;

beforeAll(async () => {
  t = await startTestServer();
  ({ tutor, pkg: recurring } = await tutorWithPackage(t));
  [student, oneTime, longSessions] = await Promise.all([
    makeStudent(t, 'Sam Student'),
    addPackage(tutor, { name: 'One evening', scheduleType: 'one_time', sessionCount: 1 }),
    addPackage(tutor, { name: 'Long afternoons', minutesPerSession: 90 }),
  ]);
});
afterAll(() => t.close());

/** A create as Sam; nothing in this file is meant to succeed unless the test says so. */
const create = (input: CreateInput) => student.api.sessionRequests.create.mutate(input);

describe('field rules: BAD_REQUEST naming the field', () => {
  const cases: [string, () => CreateInput, string][] = [
    ['a parent without studentId', () => requestFor(tutor, recurring, { requesterRole: 'parent' }), 'studentId'],
    ['a recurring schedule without days', () => requestFor(tutor, recurring, { days: undefined }), 'days'],
    ['a recurring schedule with an empty list of days', () => requestFor(tutor, recurring, { days: [] }), 'days'],
    ['a one-time schedule without startDate', () => requestFor(tutor, oneTime, { startDate: undefined }), 'startDate'],
    ['a one-time schedule with days', () => requestFor(tutor, oneTime, { days: ['monday'] }), 'days'],
    ['endTime before startTime', () => requestFor(tutor, recurring, { startTime: '16:00', endTime: '14:00' }), 'endTime'],
    ['endTime equal to startTime', () => requestFor(tutor, recurring, { startTime: '14:00', endTime: '14:00' }), 'endTime'],
    ['an hour past 23', () => requestFor(tutor, recurring, { startTime: '25:00', endTime: '26:00' }), 'startTime'],
    ['a time without its leading zero', () => requestFor(tutor, recurring, { startTime: '9:00', endTime: '11:00' }), 'startTime'],
    ['a time with seconds', () => requestFor(tutor, recurring, { endTime: '16:00:00' }), 'endTime'],
    ['a day that is not one', () => requestFor(tutor, recurring, { days: unchecked(['monday', 'funday']) }), 'days.1'],
    ['the same day twice', () => requestFor(tutor, recurring, { days: ['monday', 'monday'] }), 'days'],
    ['the same day twice, in two cases', () => requestFor(tutor, recurring, { days: ['Monday', 'monday'] }), 'days'],
    ['a day name far too long', () => requestFor(tutor, recurring, { days: ['monday'.repeat(100)] }), 'days.0'],
    ['a date in year 0000', () => requestFor(tutor, oneTime, { startDate: '0000-01-01' }), 'startDate'],
    ['a date in year 99999', () => requestFor(tutor, oneTime, { startDate: '99999-01-01' }), 'startDate'],
    ['a recurring schedule starting in year 0000', () => requestFor(tutor, recurring, { startDate: '0000-06-15' }), 'startDate'],
    ['a date before 1970', () => requestFor(tutor, oneTime, { startDate: '1969-12-31' }), 'startDate'],
    ['a date that does not exist', () => requestFor(tutor, oneTime, { startDate: '2026-02-30' }), 'startDate'],
    ['a date in another format', () => requestFor(tutor, oneTime, { startDate: '01/03/2026' }), 'startDate'],
    ['an unknown time zone', () => requestFor(tutor, recurring, { timeZone: 'Mars/Base' }), 'timeZone'],
    ['a counter-offer of zero', () => requestFor(tutor, recurring, { counterOfferPrice: 0 }), 'counterOfferPrice'],
    ['a negative counter-offer', () => requestFor(tutor, recurring, { counterOfferPrice: -10 }), 'counterOfferPrice'],
    ['a counter-offer with three decimals', () => requestFor(tutor, recurring, { counterOfferPrice: 99.999 }), 'counterOfferPrice'],
    ['a counter-offer over a million', () => requestFor(tutor, recurring, { counterOfferPrice: 1_000_000.01 }), 'counterOfferPrice'],
    ['a message over 1000 characters', () => requestFor(tutor, recurring, { message: 'x'.repeat(1001) }), 'message'],
    ['a control character in the message', () => requestFor(tutor, recurring, { message: 'hi\u0007there' }), 'message'],
    ['a tutorId that is not a uuid', () => requestFor(tutor, recurring, { tutorId: 'tutor-1' }), 'tutorId'],
    ['a packageId that is not a uuid', () => requestFor(tutor, recurring, { packageId: '42' }), 'packageId'],
    ['an unknown role', () => requestFor(tutor, recurring, { requesterRole: unchecked('tutor') }), 'requesterRole'],
    ['an unknown schedule type', () => requestFor(tutor, recurring, { scheduleType: unchecked('weekly') }), 'scheduleType'],
    ['a client key too short', () => requestFor(tutor, recurring, { clientKey: 'short' }), 'clientKey'],
    ['a client key with spaces', () => requestFor(tutor, recurring, { clientKey: 'not a valid key' }), 'clientKey'],
    ['a client key too long', () => requestFor(tutor, recurring, { clientKey: 'k'.repeat(65) }), 'clientKey'],
    ['more than seven days', () => requestFor(tutor, recurring, { days: unchecked(['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday', 'monday']) }), 'days'],
  ];

  it.each(cases)('%s', async (_, input, field) => {
    await expectFieldErrors(create(input()), [field]);
  });

  it('rejects unknown keys (the actor comes from the session, never from input)', async () => {
    const impersonating = await expectFieldErrors(create(unchecked({ ...requestFor(tutor, recurring), requesterId: tutor.id })), []);
    expect(impersonating.message).toContain('requesterId');
    const preAccepted = await expectFieldErrors(create(unchecked({ ...requestFor(tutor, recurring), status: 'accepted' })), []);
    expect(preAccepted.message).toContain('status');
    expect(await wholeBox(student, 'sent')).toEqual([]);
  });

  it('accepts day names in any case, as the seed’s frontend sends them, and stores them in lower case', async () => {
    const { tutor: caseTutor, pkg } = await tutorWithPackage(t, {}, 'Casey Tutor');
    const request = await create(requestFor(caseTutor, pkg, { days: ['Monday', 'WEDNESDAY', ' friday '] }));
    expect(request.schedule.days).toEqual(['monday', 'wednesday', 'friday']);
    const [card] = await cardMessages(student, request.conversationId);
    expect(card?.metadata.schedule.days).toEqual(['monday', 'wednesday', 'friday']);
  });

  it('accepts the edges: a counter-offer of exactly a million, 0.01, two decimals, 1000 characters, all seven days', async () => {
    const [a, b, c, d] = await Promise.all([
      addPackage(tutor, { name: 'Edge A' }),
      addPackage(tutor, { name: 'Edge B' }),
      addPackage(tutor, { name: 'Edge C' }),
      addPackage(tutor, { name: 'Edge D' }),
    ]);
    const made = [
      await create(requestFor(tutor, a, { counterOfferPrice: 1_000_000 })),
      await create(requestFor(tutor, b, { counterOfferPrice: 0.01 })),
      await create(requestFor(tutor, c, { counterOfferPrice: 149.99, message: 'y'.repeat(1000) })),
      await create(
        requestFor(tutor, d, { days: ['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'], startTime: '00:00', endTime: '23:59' }),
      ),
    ];
    expect(made.map((r) => r.counterOfferPrice)).toEqual([1_000_000, 0.01, 149.99, null]);
    expect(made[2]?.note).toHaveLength(1000);
    expect(made[3]?.schedule).toMatchObject({ startTime: '00:00', endTime: '23:59' });
    // Read back: the amounts are stored exactly as sent.
    const sent = await wholeBox(student, 'sent');
    expect(sent.filter((r) => made.some((m) => m.id === r.id)).map((r) => r.counterOfferPrice).sort()).toEqual([0.01, 149.99, 1_000_000, null].sort());
  });
});

describe('service rules against the package: BAD_REQUEST with a sentence', () => {
  it('refuses a schedule type other than the package’s', async () => {
    const asOneTime = requestFor(tutor, oneTime, { packageId: recurring.id });
    expectNoFieldErrors(await expectError(create(asOneTime), 'BAD_REQUEST'));
    const asRecurring = requestFor(tutor, recurring, { packageId: oneTime.id });
    const error = await expectError(create(asRecurring), 'BAD_REQUEST');
    expectNoFieldErrors(error);
  });

  it('refuses a window shorter than one session, and takes one exactly as long', async () => {
    // Long afternoons: 90-minute sessions.
    const short = await expectError(create(requestFor(tutor, longSessions, { startTime: '14:00', endTime: '15:29' })), 'BAD_REQUEST');
    expectNoFieldErrors(short);
    const exact = await create(requestFor(tutor, longSessions, { startTime: '14:00', endTime: '15:30' }));
    expect(exact.schedule).toMatchObject({ startTime: '14:00', endTime: '15:30' });
  });

  it('refuses a start date in the past or more than a year ahead', async () => {
    for (const startDate of [dateFromToday(-2), dateFromToday(-400), dateFromToday(367), dateFromToday(2000)]) {
      const error = await expectError(create(requestFor(tutor, oneTime, { startDate })), 'BAD_REQUEST');
      expectNoFieldErrors(error);
    }
    expect((await wholeBox(student, 'sent')).filter((r) => r.package.id === oneTime.id)).toEqual([]);
  });

  // Only today (UTC) is tested as the earliest date: whether yesterday (UTC) is
  // still taken depends on the hour and the requester's zone, so a test of it
  // would pass or fail with the clock.
  it('takes today and a date within the year', async () => {
    const [x, y] = await Promise.all([
      addPackage(tutor, { name: 'Today', scheduleType: 'one_time', sessionCount: 1 }),
      addPackage(tutor, { name: 'Next year', scheduleType: 'one_time', sessionCount: 1 }),
    ]);
    const today = await create(requestFor(tutor, x, { startDate: dateFromToday(0) }));
    expect(today.schedule.startDate).toBe(dateFromToday(0));
    const later = await create(requestFor(tutor, y, { startDate: dateFromToday(360) }));
    expect(later.schedule.startDate).toBe(dateFromToday(360));
  });
});
