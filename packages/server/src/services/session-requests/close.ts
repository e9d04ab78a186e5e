import { and, eq, messages, sessionRequests, sql, type Transaction } from '@rapport/db';
import { appendEvents } from '../../domain/events/append';
import type { SessionRequestStatus } from '../../schemas/session-requests/requests';
import { postSystemMessage } from '../chat/groups/system-message';
import type { RequestRow } from './view';
import { requestAudience } from './visibility';

export type Outcome = Exclude<SessionRequestStatus, 'pending'>;

export const VERB: Record<Outcome, string> = { accepted: 'accepted', rejected: 'declined', cancelled: 'cancelled' };

/**
 * Moves a pending request to its outcome and records it everywhere it shows:
 * the card's status (message.edited), a system message in the conversation,
 * and session_request.updated for everyone who follows the request, all in
 * the caller's transaction (run through writeWithEvents, or the block's own).
 * The caller holds the conversation lock, taken before its transaction's
 * first write, and has checked who may do this. Returns false, writing
 * nothing, when the request is no longer pending.
 */
export async function closeRequest(
  tx: Transaction,
  found: RequestRow,
  outcome: { to: Outcome; byUserId: string; reason: string | null },
): Promise<boolean> {
  const request = found.request;
  const { to, byUserId, reason } = outcome;
  const [moved] = await tx
    .update(sessionRequests)
    .set({ status: to, respondedBy: byUserId, respondedAt: sql`now()`, rejectReason: reason, updatedAt: sql`now()` })
    .where(and(eq(sessionRequests.id, request.id), eq(sessionRequests.status, 'pending')))
    .returning();
  if (!moved) return false;
  const respondedAt = moved.respondedAt ? moved.respondedAt.toISOString() : null;
  await tx
    .update(messages)
    .set({ metadata: sql`${messages.metadata} || ${JSON.stringify({ status: to, rejectReason: reason, respondedAt })}::jsonb` })
    .where(eq(messages.id, request.messageId));
  await appendEvents(tx, [
    { type: 'message.edited', conversationId: request.conversationId, actorId: byUserId, payload: { messageId: request.messageId } },
  ]);
  const actor = [found.tutor, found.requester, found.student].find((person) => person.id === byUserId);
  const actorName = actor?.name ?? 'Someone';
  await postSystemMessage(tx, {
    conversationId: request.conversationId,
    actorId: byUserId,
    body:
      to === 'cancelled'
        ? `${actorName} cancelled the request for "${request.package.name}".`
        : `${actorName} ${VERB[to]} ${found.requester.name}'s request for "${request.package.name}"${reason === null ? '.' : `: ${reason}`}`,
    metadata: { event: `session_request_${to}`, requestId: request.id, byUserId, reason },
  });
  await appendEvents(tx, [
    {
      type: 'session_request.updated',
      conversationId: request.conversationId,
      audience: await requestAudience(tx, request),
      actorId: byUserId,
      payload: { requestId: request.id, status: to, byUserId, reason },
    },
  ]);
  return true;
}
