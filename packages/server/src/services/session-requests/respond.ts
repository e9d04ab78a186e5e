import { and, eq, sessionRequests, sql, type Database, type Transaction } from '@rapport/db';
import { z } from 'zod';
import { blocks } from '../../domain/blocks';
import { writeWithEvents, type Publisher } from '../../domain/events/publisher';
import { lockConversation } from '../../domain/locks';
import type { Actor } from '../../domain/sessions';
import { selectRows } from '../../domain/sql-rows';
import { AppError, notFound } from '../../errors';
import type { RejectSessionRequestInput, SessionRequestRefInput, SessionRequestView } from '../../schemas/session-requests/requests';
import { notifySessionRequestAnswered } from '../notifications/causes';
import { closeRequest, VERB, type Outcome } from './close';
import { longDate, requestViewById, selectRequests, toRequestView, type RequestRow } from './view';
import { canSee } from './visibility';

type Extras = { events: Publisher };

/** The tutor takes the request on. */
export function acceptSessionRequest(db: Database, actor: Actor, input: SessionRequestRefInput, extras: Extras): Promise<SessionRequestView> {
  return respond(db, actor, { requestId: input.requestId, to: 'accepted', reason: null }, extras.events);
}

/** The tutor declines the request, saying why if they like (an empty reason is none). */
export function rejectSessionRequest(db: Database, actor: Actor, input: RejectSessionRequestInput, extras: Extras): Promise<SessionRequestView> {
  const reason = input.reason !== undefined && input.reason !== '' ? input.reason : null;
  return respond(db, actor, { requestId: input.requestId, to: 'rejected', reason }, extras.events);
}

/** The requester withdraws the request. */
export function cancelSessionRequest(db: Database, actor: Actor, input: SessionRequestRefInput, extras: Extras): Promise<SessionRequestView> {
  return respond(db, actor, { requestId: input.requestId, to: 'cancelled', reason: null }, extras.events);
}

interface Answer {
  requestId: string;
  to: Outcome;
  reason: string | null;
}

const ASK: Record<Outcome, string> = { accepted: 'accept', rejected: 'decline', cancelled: 'cancel' };

/**
 * Moves a pending request to accepted or rejected (the tutor) or cancelled
 * (the requester). The conversation lock is taken before anything is
 * written, which both keeps the log in seq order and serialises transitions
 * of one request: of an accept and a cancel racing, the second finds the
 * request no longer pending and is refused. Repeating one's own transition
 * returns the request unchanged, so a retry is safe.
 */
async function respond(db: Database, actor: Actor, answer: Answer, events: Publisher): Promise<SessionRequestView> {
  const me = actor.userId;
  await writeWithEvents(db, events, async (tx) => {
    const [found] = await selectRequests(tx, and(eq(sessionRequests.id, answer.requestId), canSee(me))).limit(1);
    if (!found) throw notFound('Session request');
    const request = found.request;
    const mine = answer.to === 'cancelled' ? request.requesterId === me : request.tutorId === me;
    if (!mine) {
      throw new AppError(
        'FORBIDDEN',
        answer.to === 'cancelled' ? 'Only the person who sent a request can cancel it.' : `Only the tutor can ${ASK[answer.to]} this request.`,
      );
    }
    await lockConversation(tx, request.conversationId);
    if (answer.to === 'accepted') await refuseAcceptAcrossBlock(tx, found);
    const moved = await closeRequest(tx, found, { to: answer.to, byUserId: me, reason: answer.reason });
    if (!moved) await whyNotMoved(tx, answer, me);
    else if (answer.to !== 'cancelled') {
      await notifySessionRequestAnswered(tx, {
        requestId: request.id,
        tutor: found.tutor,
        requesterId: request.requesterId,
        packageName: request.package.name,
        answer: answer.to,
        reason: answer.reason,
      });
    }
  });
  return requestViewById(db, answer.requestId);
}

const blockFacts = z.object({
  pending: z.boolean(),
  blocked_by_them: z.boolean(),
  i_block_requester: z.boolean(),
  i_block_student: z.boolean(),
});

/**
 * A block ends the pending requests it comes between, under the same locks,
 * so none should be left to accept; this holds the rule in the accept
 * itself, read under the conversation lock (a block that ends this request
 * waits for it). Someone on the request who blocks the tutor makes it "not
 * found" to them; one the tutor blocks is named, to unblock first. Only a
 * request still pending is refused for it.
 */
async function refuseAcceptAcrossBlock(tx: Transaction, found: RequestRow): Promise<void> {
  const { tutorId, requesterId, studentId } = found.request;
  const [facts] = await selectRows(
    tx,
    sql`select exists (select 1 from session_requests where id = ${found.request.id} and status = 'pending') as pending,
      ${blocks(requesterId, tutorId)} or ${blocks(studentId, tutorId)} as blocked_by_them,
      ${blocks(tutorId, requesterId)} as i_block_requester, ${blocks(tutorId, studentId)} as i_block_student`,
    blockFacts,
  );
  if (!facts) throw new Error('the block facts query returned no row');
  // Already answered: the answer, not the block, is what to say (a CONFLICT, or the retry's result).
  if (!facts.pending) return;
  if (facts.blocked_by_them) throw notFound('Session request');
  const blocked = facts.i_block_requester ? found.requester : facts.i_block_student ? found.student : null;
  if (blocked) throw new AppError('FORBIDDEN', `You have blocked ${blocked.name}. Unblock them to accept this request.`);
}

/** The request was no longer pending under the lock: a retry of the same step, or too late. */
async function whyNotMoved(tx: Transaction, answer: Answer, me: string): Promise<void> {
  const [row] = await selectRequests(tx, eq(sessionRequests.id, answer.requestId)).limit(1);
  if (!row) throw notFound('Session request');
  const current = toRequestView(row);
  if (current.status === answer.to && current.respondedBy === me) return;
  const by = current.respondedBy === current.tutor.id ? current.tutor.name : current.requester.name;
  const when = current.respondedAt === null ? '' : ` on ${longDate(new Date(current.respondedAt))}`;
  throw new AppError(
    'CONFLICT',
    `This request was already ${VERB[current.status === 'pending' ? answer.to : current.status]} by ${by}${when}, so it can no longer be ${VERB[answer.to]}.`,
  );
}
