import { and, desc, eq, sessionRequests, sql, type Database } from '@rapport/db';
import type { Actor } from '../../domain/sessions';
import { notFound } from '../../errors';
import { decodeCursor, pastPosition, timeIdCursor, toPage, type Page } from '../../pagination';
import type { ListSessionRequestsInput, SessionRequestRefInput, SessionRequestView } from '../../schemas/session-requests/requests';
import { isAcceptedParent } from './family/accepted';
import { selectRequests, toRequestView } from './view';
import { canSee, notHiddenFrom } from './visibility';

/** One request, for its requester, its tutor, its student or the student's parents; "not found" for anyone else. */
export async function getSessionRequest(db: Database, actor: Actor, input: SessionRequestRefInput): Promise<SessionRequestView> {
  const [row] = await selectRequests(db, and(eq(sessionRequests.id, input.requestId), canSee(actor.userId))).limit(1);
  if (!row) throw notFound('Session request');
  return toRequestView(row);
}

/**
 * Requests I sent, received (as the tutor), attend (as the student, whoever
 * booked), or that are for my children: newest first, keyset-paged.
 */
export async function listSessionRequests(db: Database, actor: Actor, input: ListSessionRequestsInput): Promise<Page<SessionRequestView>> {
  const me = actor.userId;
  const box =
    input.box === 'sent'
      ? eq(sessionRequests.requesterId, me)
      : input.box === 'received'
        ? eq(sessionRequests.tutorId, me)
        : input.box === 'attending'
          ? eq(sessionRequests.studentId, me)
          : isAcceptedParent(me, sql`${sessionRequests.studentId}`);
  const after = input.cursor ? decodeCursor(input.cursor, timeIdCursor) : null;
  const rows = await selectRequests(
    db,
    and(
      box,
      notHiddenFrom(me),
      input.status ? eq(sessionRequests.status, input.status) : undefined,
      after ? pastPosition([sessionRequests.createdAt, sessionRequests.id], [after[0], after[1]], 'desc') : undefined,
    ),
  )
    .orderBy(desc(sessionRequests.createdAt), desc(sessionRequests.id))
    .limit(input.limit + 1);
  return toPage(rows, input.limit, (r) => [r.request.createdAt.toISOString(), r.request.id], toRequestView);
}
