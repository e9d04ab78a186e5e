import type postgres from 'postgres';

// Session requests as createSessionRequest leaves them: a tutor profile and a
// package, a student profile per requester, and per request the direct
// conversation between student and tutor holding the request's card as its
// one message. One pending request per (requester, tutor, package, student)
// is the rule, so each request comes from a different student.

const PACKAGE = {
  name: 'Ten lessons',
  description: 'Weekly maths lessons, one hour each.',
  sessionCount: 10,
  minutesPerSession: 60,
  price: 350,
  currency: 'EUR',
  scheduleType: 'recurring',
} as const;

/** Seeded users 1..count each send `tutor` one pending request for the tutor's one package. */
export async function seedRequests(sql: postgres.Sql, tutor: string, count: number, base: Date): Promise<void> {
  await sql`
    insert into tutor_profiles (user_id, bio, subjects, languages, hourly_rate, currency)
    values (${tutor}::uuid, 'Maths and physics, all levels.', '{maths,physics}', '{en,fr}', 40, 'EUR')`;
  const [pkg] = await sql<{ id: string }[]>`
    insert into tutor_packages (tutor_id, name, description, session_count, minutes_per_session, price, currency, schedule_type)
    values (${tutor}::uuid, ${PACKAGE.name}, ${PACKAGE.description}, ${PACKAGE.sessionCount}::int, ${PACKAGE.minutesPerSession}::int,
      ${PACKAGE.price}::numeric, ${PACKAGE.currency}, ${PACKAGE.scheduleType}::schedule_type)
    returning id`;
  if (pkg === undefined) throw new Error('tutor package was not created');
  const snapshot = JSON.stringify({ id: pkg.id, ...PACKAGE });
  await sql`insert into student_profiles (user_id, grade_level, subjects) select id, 'Year 11', '{maths}' from pool where n <= ${count}::int`;
  await sql`
    create temp table requests as
    select p.n, p.id as student, u.name as student_name, gen_random_uuid() as request_id, gen_random_uuid() as conversation_id,
      gen_random_uuid() as message_id, ${base}::timestamptz - p.n * interval '1 hour' as at
    from pool p join users u on u.id = p.id where p.n <= ${count}::int`;
  await sql`
    insert into conversations (id, kind, direct_low_id, direct_high_id, created_by, last_seq, member_count, last_activity_at, created_at, updated_at)
    select r.conversation_id, 'direct', least(${tutor}::uuid, r.student), greatest(${tutor}::uuid, r.student), r.student, 1, 2, r.at, r.at, r.at
    from requests r`;
  await sql`
    insert into conversation_members (conversation_id, user_id, role, last_read_seq, last_read_at, joined_at, last_activity_at)
    select r.conversation_id, ${tutor}::uuid, 'member'::member_role, 0, null::timestamptz, r.at, r.at from requests r
    union all
    select r.conversation_id, r.student, 'member', 1, r.at, r.at, r.at from requests r`;
  await sql`
    insert into messages (id, conversation_id, seq, sender_id, kind, body, metadata, created_at)
    select r.message_id, r.conversation_id, 1, r.student, 'session_request', ${`Session request: ${PACKAGE.name}`},
      jsonb_build_object('requestId', r.request_id, 'status', 'pending', 'requesterRole', 'student', 'requesterId', r.student,
        'studentId', r.student, 'studentName', r.student_name, 'tutorId', ${tutor}::uuid, 'package', ${snapshot}::jsonb,
        'schedule', jsonb_build_object('scheduleType', 'recurring', 'days', jsonb_build_array('monday', 'wednesday'),
          'startTime', '16:00', 'endTime', '17:00', 'startDate', null, 'timeZone', null),
        'counterOfferPrice', null, 'rejectReason', null, 'respondedAt', null),
      r.at
    from requests r`;
  await sql`
    insert into session_requests (id, requester_id, requester_role, student_id, tutor_id, package_id, package, conversation_id, message_id,
      schedule_type, days, start_time, end_time, status, created_at, updated_at)
    select r.request_id, r.student, 'student', r.student, ${tutor}::uuid, ${pkg.id}::uuid, ${snapshot}::jsonb, r.conversation_id, r.message_id,
      'recurring', '{monday,wednesday}', '16:00', '17:00', 'pending', r.at, r.at
    from requests r`;
}
