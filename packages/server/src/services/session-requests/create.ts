import { randomUUID } from 'node:crypto';
import { and, eq, sessionRequests, sql, type Database, type PackageSnapshot, type Transaction } from '@rapport/db';
import { z } from 'zod';
import { blockedEitherWay, blocks } from '../../domain/blocks';
import { appendEvents } from '../../domain/events/append';
import { writeWithEvents, type Publisher } from '../../domain/events/publisher';
import { lockPairs } from '../../domain/locks';
import type { Actor } from '../../domain/sessions';
import { selectRows } from '../../domain/sql-rows';
import { AppError, notFound } from '../../errors';
import { packageSnapshot, type SessionRequestCard, type SessionRequestCreateInput, type SessionRequestView } from '../../schemas/session-requests/requests';
import { insertMessage } from '../chat/insert-message';
import { directBetween } from '../chat/open-direct';
import { notifySessionRequestReceived } from '../notifications/causes';
import { isAcceptedParent } from './family/accepted';
import { checkScheduleFits } from './schedule';
import { longDate, requestViewById } from './view';
import { requestAudience } from './visibility';

const facts = z.object({
  has_student: z.boolean(),
  has_parent: z.boolean(),
  is_parent_of_student: z.boolean(),
  student_name: z.string().nullable(),
  tutor_name: z.string().nullable(),
  i_block_tutor: z.boolean(),
  tutor_blocks_me: z.boolean(),
  student_tutor_blocked: z.boolean(),
  // numeric comes back from json_build_object as a JSON number already; coerce in case a driver sends text.
  package: packageSnapshot.extend({ price: z.coerce.number(), archived: z.boolean() }).nullable(),
});

/**
 * Sends a request for a tutor's package: the request, the direct
 * conversation between requester and tutor (the one they already have, if
 * any) and a `session_request` message carrying the request card, in one
 * transaction. Every create runs under the pair locks of requester and tutor,
 * of tutor and student, and of parent and child (the ones blocks and
 * openDirect take), so the pending check below sees every earlier request,
 * and no block between any of them can commit between the checks and the
 * insert: a block either comes first and refuses the create, or comes after
 * and ends the request.
 * The partial unique index holds regardless.
 */
export async function createSessionRequest(
  db: Database,
  actor: Actor,
  input: SessionRequestCreateInput,
  extras: { events: Publisher },
): Promise<SessionRequestView> {
  const me = actor.userId;
  const studentId = input.requesterRole === 'student' ? me : (input.studentId ?? me);
  if (input.requesterRole === 'student' && input.studentId !== undefined && input.studentId !== me) {
    throw new AppError('BAD_REQUEST', 'As a student you request sessions for yourself. To book for your child, request as a parent.');
  }
  if (input.tutorId === me) throw new AppError('FORBIDDEN', 'You cannot request sessions from yourself.');
  if (input.tutorId === studentId) throw new AppError('FORBIDDEN', 'A tutor cannot be booked for their own sessions.');

  const id = await writeWithEvents(db, extras.events, async (tx) => {
    await lockPairs(tx, [
      [me, input.tutorId],
      [input.tutorId, studentId],
      // A parent's booking also rests on the parent–child link, which a block between them voids.
      ...(studentId === me ? [] : [[me, studentId] as const]),
    ]);
    if (input.clientKey !== undefined) {
      const [retried] = await tx
        .select({ id: sessionRequests.id })
        .from(sessionRequests)
        .where(and(eq(sessionRequests.requesterId, me), eq(sessionRequests.clientKey, input.clientKey)))
        .limit(1);
      if (retried) return retried.id;
    }
    const pkg = await checkCreate(tx, me, studentId, input);
    await refuseDuplicate(tx, me, studentId, input);
    checkScheduleFits(pkg.snapshot, input);
    return insertRequest(tx, me, studentId, pkg, input);
  });
  return requestViewById(db, id);
}

interface CheckedPackage {
  snapshot: PackageSnapshot;
  studentName: string;
}

/** Role, tutor, block and package rules, from one query under the pair locks, in the order a person would fix them. */
async function checkCreate(tx: Transaction, me: string, studentId: string, input: SessionRequestCreateInput): Promise<CheckedPackage> {
  const { tutorId, packageId } = input;
  const [f] = await selectRows(
    tx,
    sql`select
        exists (select 1 from student_profiles where user_id = ${me}) as has_student,
        exists (select 1 from parent_profiles where user_id = ${me}) as has_parent,
        ${isAcceptedParent(me, studentId)} as is_parent_of_student,
        (select name from users where id = ${studentId}) as student_name,
        (select u.name from tutor_profiles tp join users u on u.id = tp.user_id where tp.user_id = ${tutorId}) as tutor_name,
        ${blocks(me, tutorId)} as i_block_tutor,
        ${blocks(tutorId, me)} as tutor_blocks_me,
        ${blockedEitherWay(studentId, tutorId)} as student_tutor_blocked,
        (select json_build_object('id', p.id, 'name', p.name, 'description', p.description, 'sessionCount', p.session_count,
            'minutesPerSession', p.minutes_per_session, 'price', p.price, 'currency', p.currency,
            'scheduleType', p.schedule_type, 'archived', p.archived_at is not null)
          from tutor_packages p where p.id = ${packageId} and p.tutor_id = ${tutorId}) as package`,
    facts,
  );
  if (!f) throw new Error('request facts query returned no row');
  if (input.requesterRole === 'student' && !f.has_student) {
    throw new AppError('FORBIDDEN', 'You have no student profile. Create one (sessionRequests.profiles.setStudent) to request sessions as a student.');
  }
  if (input.requesterRole === 'parent') {
    if (!f.has_parent) {
      throw new AppError('FORBIDDEN', 'You have no parent profile. Create one (sessionRequests.profiles.setParent) to request sessions for your children.');
    }
    if (!f.is_parent_of_student) {
      throw new AppError('FORBIDDEN', 'That student is not one of your linked children. Link them (sessionRequests.family.link) and wait for them to accept.');
    }
  }
  if (f.tutor_name === null || f.tutor_blocks_me) throw notFound('Tutor');
  if (f.i_block_tutor) throw new AppError('FORBIDDEN', `You have blocked ${f.tutor_name}. Unblock them to request sessions.`);
  // A block between the tutor and the child a parent books for counts as one
  // with the parent: to the child's family, that tutor is not there.
  if (studentId !== me && f.student_tutor_blocked) throw notFound('Tutor');
  // An archived package is one the caller cannot see: saying its name would
  // tell a stranger what the tutor used to offer, so it is as missing as an unknown id.
  if (f.package === null || f.package.archived) throw notFound('Package');
  const { archived: _archived, ...snapshot } = f.package;
  return { snapshot, studentName: f.student_name ?? '' };
}

/** A 409 a client can show as it is: a sentence naming the pending request and when it was sent. */
async function refuseDuplicate(tx: Transaction, me: string, studentId: string, input: SessionRequestCreateInput): Promise<void> {
  const [pending] = await tx
    .select({ id: sessionRequests.id, createdAt: sessionRequests.createdAt })
    .from(sessionRequests)
    .where(
      and(
        eq(sessionRequests.requesterId, me),
        eq(sessionRequests.tutorId, input.tutorId),
        eq(sessionRequests.packageId, input.packageId),
        eq(sessionRequests.studentId, studentId),
        eq(sessionRequests.status, 'pending'),
      ),
    )
    .limit(1);
  if (!pending) return;
  throw new AppError(
    'CONFLICT',
    `Request already sent. You have a pending request for this package (Request ID: ${pending.id}, sent on ${longDate(pending.createdAt)}). ` +
      `Please wait for the tutor's response, or cancel that request to send a new one.`,
    { reason: 'REQUEST_ALREADY_SENT' },
  );
}

async function insertRequest(tx: Transaction, me: string, studentId: string, pkg: CheckedPackage, input: SessionRequestCreateInput) {
  const conversationId = await directBetween(tx, me, input.tutorId);
  const note = input.message === undefined || input.message === '' ? null : input.message;
  const requestId = randomUUID();
  const schedule = {
    scheduleType: input.scheduleType,
    days: input.days ?? [],
    startTime: input.startTime,
    endTime: input.endTime,
    startDate: input.startDate ?? null,
    timeZone: input.timeZone ?? null,
  };
  const card: SessionRequestCard = {
    requestId,
    status: 'pending',
    requesterRole: input.requesterRole,
    requesterId: me,
    studentId,
    studentName: pkg.studentName,
    tutorId: input.tutorId,
    package: pkg.snapshot,
    schedule,
    counterOfferPrice: input.counterOfferPrice ?? null,
    rejectReason: null,
    respondedAt: null,
  };
  const message = await insertMessage(tx, {
    conversationId,
    senderId: me,
    actorId: me,
    kind: 'session_request',
    body: note ?? `Session request: ${pkg.snapshot.name}`,
    attachments: [],
    location: null,
    metadata: card,
    replyToId: null,
    clientKey: null,
    // The pair lock is held and blocks were checked under it.
    guard: sql`true`,
  });
  if (message === null) throw new Error(`session request message for ${requestId} was not written`);
  await tx.insert(sessionRequests).values({
    id: requestId,
    requesterId: me,
    requesterRole: input.requesterRole,
    studentId,
    tutorId: input.tutorId,
    packageId: input.packageId,
    package: pkg.snapshot,
    conversationId,
    messageId: message.id,
    note,
    scheduleType: schedule.scheduleType,
    days: schedule.days,
    startTime: schedule.startTime,
    endTime: schedule.endTime,
    startDate: schedule.startDate,
    timeZone: schedule.timeZone,
    counterOfferPrice: input.counterOfferPrice ?? null,
    clientKey: input.clientKey ?? null,
  });
  await appendEvents(tx, [
    {
      type: 'session_request.created',
      conversationId,
      audience: await requestAudience(tx, { requesterId: me, tutorId: input.tutorId, studentId }),
      actorId: me,
      payload: { requestId, requesterId: me, studentId, tutorId: input.tutorId, packageId: input.packageId },
    },
  ]);
  await notifySessionRequestReceived(tx, {
    requestId,
    requesterId: me,
    tutorId: input.tutorId,
    packageName: pkg.snapshot.name,
    studentName: pkg.studentName,
    forChild: studentId !== me,
  });
  return requestId;
}
