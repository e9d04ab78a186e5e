import { and, eq, or, sessionRequests, type Transaction } from '@rapport/db';
import { lockConversations } from '../../domain/locks';
import { closeRequest } from './close';
import { selectRequests } from './view';

/**
 * A block ends the pending requests it comes between: those between the two
 * people as requester and tutor, those a parent made for a child with the
 * tutor now blocked (or blocking), and those a parent made for a child when
 * one of the two blocks the other (a blocked family link grants nothing). The
 * blocker declines them as the tutor, or cancels them otherwise; so nobody waits
 * on an answer that cannot come, and nothing pending is left to accept
 * across a block. Runs in the block's transaction before it writes
 * anything: each conversation lock must come before a transaction's first
 * write, so all of them are taken first, in id order (docs/ARCHITECTURE.md,
 * "Locks and their order": two blocks cannot deadlock).
 */
export async function closeRequestsOnBlock(tx: Transaction, blockerId: string, blockedId: string): Promise<void> {
  const sides = (tutor: string, other: string) =>
    and(eq(sessionRequests.tutorId, tutor), or(eq(sessionRequests.requesterId, other), eq(sessionRequests.studentId, other)));
  const family = (requester: string, student: string) => and(eq(sessionRequests.requesterId, requester), eq(sessionRequests.studentId, student));
  const pending = await selectRequests(
    tx,
    and(
      eq(sessionRequests.status, 'pending'),
      or(sides(blockerId, blockedId), sides(blockedId, blockerId), family(blockerId, blockedId), family(blockedId, blockerId)),
    ),
  );
  await lockConversations(tx, pending.map((row) => row.request.conversationId));
  for (const row of pending) {
    const to = row.request.tutorId === blockerId ? 'rejected' : 'cancelled';
    await closeRequest(tx, row, { to, byUserId: blockerId, reason: null });
  }
}
