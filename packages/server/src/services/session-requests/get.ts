import { and, eq, sessionRequests } from '@rapport/db';
import type { Deps } from '../../deps';
import { notFound } from '../../errors';
import type { SessionRequestView } from '../../schemas/session-requests/requests';
import type { Actor } from '../auth/sessions';
import { selectRequests, toRequestView } from './view';
import { canSee } from './visibility';

/** One request, for its requester, its tutor or the student's parents; "not found" for anyone else. */
export async function getSessionRequest(deps: Deps, actor: Actor, input: { requestId: string }): Promise<SessionRequestView> {
  const [row] = await selectRequests(deps.db, and(eq(sessionRequests.id, input.requestId), canSee(actor.userId))).limit(1);
  if (!row) throw notFound('Session request');
  return toRequestView(row);
}
