import { sessionRequests, sql, type SQL } from '@rapport/db';
import { isAcceptedParent } from './family/accepted';

/**
 * Who may see a request: its requester, its tutor, and the student's
 * accepted parents. Used in the query that loads the request, so anyone else
 * gets the same "not found" whether or not it exists.
 */
export const canSee = (me: string): SQL =>
  sql`(${sessionRequests.requesterId} = ${me} or ${sessionRequests.tutorId} = ${me} or ${isAcceptedParent(me, sql`${sessionRequests.studentId}`)})`;
