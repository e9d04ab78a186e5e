import type { Executor } from '@rapport/db';
import { parentsOf } from './family/accepted';

/**
 * Who hears about a request: the requester, the tutor, the student (who
 * attends, whoever booked) and the student's accepted parents (a parent
 * follows a child's bookings, whoever made them).
 */
export async function requestAudience(db: Executor, r: { requesterId: string; tutorId: string; studentId: string }): Promise<string[]> {
  return [...new Set([r.requesterId, r.tutorId, r.studentId, ...(await parentsOf(db, r.studentId))])];
}
