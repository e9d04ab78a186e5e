import { sessionRequests, sql, type Executor, type SQL } from '@rapport/db';
import { blocks } from '../../domain/blocks';
import { isAcceptedParent, parentsOf } from './family/accepted';

/**
 * Hides a request from anyone blocked by one of the people on it: to the
 * blocked, the blocker is "not found", so a request carrying the blocker's
 * name is gone too. The blocker still sees it (what their block ended).
 */
export const notHiddenFrom = (me: string): SQL =>
  sql`not (${blocks(sessionRequests.tutorId, me)} or ${blocks(sessionRequests.requesterId, me)} or ${blocks(sessionRequests.studentId, me)})`;

/**
 * Who may see a request: its requester, its tutor, its student (who attends
 * it, though only the requester and the tutor may answer it), and the
 * student's accepted parents, unless one of the others blocks them. Used in
 * the query that loads the request, so anyone else gets the same "not
 * found" whether or not it exists.
 */
export const canSee = (me: string): SQL =>
  sql`(${sessionRequests.requesterId} = ${me} or ${sessionRequests.tutorId} = ${me} or ${sessionRequests.studentId} = ${me}
    or ${isAcceptedParent(me, sql`${sessionRequests.studentId}`)})
    and ${notHiddenFrom(me)}`;

/**
 * Who hears about a request: the requester, the tutor, the student (who
 * attends, whoever booked) and the student's accepted parents (a parent
 * follows a child's bookings, whoever made them).
 */
export async function requestAudience(db: Executor, r: { requesterId: string; tutorId: string; studentId: string }): Promise<string[]> {
  return [...new Set([r.requesterId, r.tutorId, r.studentId, ...(await parentsOf(db, r.studentId))])];
}
