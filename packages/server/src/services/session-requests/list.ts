import { and, desc, eq, sessionRequests, sql } from '@rapport/db';
import type { Deps } from '../../deps';
import { decodeCursor, pastPosition, timeIdCursor, toPage, type Page } from '../../pagination';
import type { SessionRequestStatus, SessionRequestView } from '../../schemas/session-requests/requests';
import type { Actor } from '../auth/sessions';
import { isAcceptedParent } from './family/accepted';
import { selectRequests, toRequestView } from './view';
import { notHiddenFrom } from './visibility';

export interface ListRequestsInput {
  box: 'sent' | 'received' | 'attending' | 'children';
  status?: SessionRequestStatus | undefined;
  cursor?: string | undefined;
  limit: number;
}

/**
 * Requests I sent, received (as the tutor), attend (as the student, whoever
 * booked), or that are for my children: newest first, keyset-paged.
 */
export async function listSessionRequests(deps: Deps, actor: Actor, input: ListRequestsInput): Promise<Page<SessionRequestView>> {
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
    deps.db,
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
