import { alias, eq, sessionRequests, users, type Executor, type SQL } from '@rapport/db';
import type { SessionRequestView } from '../../schemas/session-requests/requests';

const requester = alias(users, 'requester');
const student = alias(users, 'student');
const tutor = alias(users, 'tutor');

const person = (u: typeof requester | typeof student | typeof tutor) => ({ id: u.id, name: u.name, avatarUrl: u.avatarUrl });

/**
 * Requests matching `where`, each with the three people it involves, in the
 * given order: the one query every read of requests goes through.
 */
export function selectRequests(db: Executor, where: SQL | undefined) {
  return db
    .select({ request: sessionRequests, requester: person(requester), student: person(student), tutor: person(tutor) })
    .from(sessionRequests)
    .innerJoin(requester, eq(requester.id, sessionRequests.requesterId))
    .innerJoin(student, eq(student.id, sessionRequests.studentId))
    .innerJoin(tutor, eq(tutor.id, sessionRequests.tutorId))
    .where(where)
    .$dynamic();
}

export type RequestRow = Awaited<ReturnType<typeof selectRequests>>[number];

export function toRequestView(row: RequestRow): SessionRequestView {
  const r = row.request;
  return {
    id: r.id,
    status: r.status,
    requesterRole: r.requesterRole,
    requester: row.requester,
    student: row.student,
    tutor: row.tutor,
    package: r.package,
    note: r.note,
    schedule: {
      scheduleType: r.scheduleType,
      days: r.days,
      startTime: r.startTime,
      endTime: r.endTime,
      startDate: r.startDate,
      timeZone: r.timeZone,
    },
    counterOfferPrice: r.counterOfferPrice,
    rejectReason: r.rejectReason,
    respondedBy: r.respondedBy,
    respondedAt: r.respondedAt ? r.respondedAt.toISOString() : null,
    conversationId: r.conversationId,
    messageId: r.messageId,
    clientKey: r.clientKey,
    createdAt: r.createdAt.toISOString(),
    updatedAt: r.updatedAt.toISOString(),
  };
}

/** One request by id, with no authorisation: for callers that have already checked it. */
export async function requestViewById(db: Executor, id: string): Promise<SessionRequestView> {
  const [row] = await selectRequests(db, eq(sessionRequests.id, id)).limit(1);
  if (!row) throw new Error(`session request ${id} vanished`);
  return toRequestView(row);
}

const longDateFormat = new Intl.DateTimeFormat('en-US', { month: 'long', day: 'numeric', year: 'numeric', timeZone: 'UTC' });

/** "November 21, 2026": how request errors say when something happened. */
export const longDate = (date: Date): string => longDateFormat.format(date);
