import { and, eq, messages, sessionRequests, sql, type Transaction } from '@rapport/db';
import type { Deps } from '../../deps';
import { AppError, notFound } from '../../errors';
import { appendEvents } from '../../realtime/append';
import { writeWithEvents } from '../../realtime/commit';
import type { SessionRequestStatus, SessionRequestView } from '../../schemas/tutoring/requests';
import type { Actor } from '../auth/sessions';
import { lockConversation } from '../chat/access';
import { postSystemMessage } from '../chat/groups/system-message';
import { rowsBetween } from '../connections/pair';
import { requestAudience } from './audience';
import { canSee } from './visibility';
import { requestViewById, selectRequests, toRequestView } from './view';

type Outcome = Exclude<SessionRequestStatus, 'pending'>;

export interface RespondInput {
  requestId: string;
  to: Outcome;
  reason?: string | undefined;
}

const VERB: Record<Outcome, string> = { accepted: 'accepted', rejected: 'declined', cancelled: 'cancelled' };
const ASK: Record<Outcome, string> = { accepted: 'accept', rejected: 'decline', cancelled: 'cancel' };

const day = new Intl.DateTimeFormat('en-US', { month: 'long', day: 'numeric', year: 'numeric', timeZone: 'UTC' });

/**
 * Moves a pending request to accepted or rejected (the tutor) or cancelled
 * (the requester). The conversation lock is taken before anything is
 * written, which both keeps the log in seq order and serialises transitions
 * of one request: of an accept and a cancel racing, the second finds the
 * request no longer pending and is refused. Repeating one's own transition
 * returns the request unchanged, so a retry is safe.
 */
export async function respondToSessionRequest(deps: Deps, actor: Actor, input: RespondInput): Promise<SessionRequestView> {
  const me = actor.userId;
  await writeWithEvents(deps, async (tx) => {
    const [found] = await selectRequests(tx, and(eq(sessionRequests.id, input.requestId), canSee(me))).limit(1);
    if (!found) throw notFound('Session request');
    const request = found.request;
    const mine = input.to === 'cancelled' ? request.requesterId === me : request.tutorId === me;
    if (!mine) {
      throw new AppError(
        'FORBIDDEN',
        input.to === 'cancelled' ? 'Only the person who sent a request can cancel it.' : `Only the tutor can ${ASK[input.to]} this request.`,
      );
    }
    await lockConversation(tx, request.conversationId);
    if (input.to === 'accepted') await refuseIfBlocked(tx, request.tutorId, request.requesterId, found.requester.name);
    const reason = input.to === 'rejected' && input.reason !== undefined && input.reason !== '' ? input.reason : null;
    const [moved] = await tx
      .update(sessionRequests)
      .set({ status: input.to, respondedBy: me, respondedAt: sql`now()`, rejectReason: reason, updatedAt: sql`now()` })
      .where(and(eq(sessionRequests.id, request.id), eq(sessionRequests.status, 'pending')))
      .returning();
    if (!moved) return whyNotMoved(tx, input, me);
    const respondedAt = moved.respondedAt ? moved.respondedAt.toISOString() : null;
    await tx
      .update(messages)
      .set({ metadata: sql`${messages.metadata} || ${JSON.stringify({ status: input.to, rejectReason: reason, respondedAt })}::jsonb` })
      .where(eq(messages.id, request.messageId));
    const actorName = me === request.tutorId ? found.tutor.name : found.requester.name;
    const what = `${found.requester.name}'s request for "${request.package.name}"`;
    await appendEvents(tx, [
      { type: 'message.edited', conversationId: request.conversationId, actorId: me, payload: { messageId: request.messageId } },
    ]);
    await postSystemMessage(tx, {
      conversationId: request.conversationId,
      actorId: me,
      body:
        input.to === 'cancelled'
          ? `${actorName} cancelled the request for "${request.package.name}".`
          : `${actorName} ${VERB[input.to]} ${what}${reason === null ? '.' : `: ${reason}`}`,
      metadata: { event: `session_request_${input.to}`, requestId: request.id, byUserId: me, reason },
    });
    await appendEvents(tx, [
      {
        type: 'session_request.updated',
        conversationId: request.conversationId,
        audience: await requestAudience(tx, request),
        actorId: me,
        payload: { requestId: request.id, status: input.to, byUserId: me, reason },
      },
    ]);
  });
  return requestViewById(deps.db, input.requestId);
}

/** A tutor does not take on someone either side has blocked; declining and cancelling stay open. */
async function refuseIfBlocked(tx: Transaction, tutorId: string, requesterId: string, requesterName: string): Promise<void> {
  const blocks = (await rowsBetween(tx, tutorId, requesterId)).filter((r) => r.type === 'block');
  if (blocks.some((b) => b.requesterId === tutorId)) {
    throw new AppError('FORBIDDEN', `You have blocked ${requesterName}. Unblock them to accept this request.`);
  }
  if (blocks.length > 0) throw new AppError('FORBIDDEN', 'This request can no longer be accepted.');
}

/** The request was no longer pending under the lock: a retry of the same step, or too late. */
async function whyNotMoved(tx: Transaction, input: RespondInput, me: string): Promise<void> {
  const [row] = await selectRequests(tx, eq(sessionRequests.id, input.requestId)).limit(1);
  if (!row) throw notFound('Session request');
  const current = toRequestView(row);
  if (current.status === input.to && current.respondedBy === me) return;
  const by = current.respondedBy === current.tutor.id ? current.tutor.name : current.requester.name;
  const when = current.respondedAt === null ? '' : ` on ${day.format(new Date(current.respondedAt))}`;
  throw new AppError(
    'CONFLICT',
    `This request was already ${VERB[current.status === 'pending' ? input.to : current.status]} by ${by}${when}, so it can no longer be ${VERB[input.to]}.`,
  );
}
