import { and, authSessions, eq, isNull, sql } from '@rapport/db';
import type { Deps } from '../../deps';
import { notFound } from '../../errors';
import type { Actor } from './sessions';

export async function signOut(deps: Deps, actor: Actor): Promise<{ revoked: number }> {
  return revokeSession(deps, actor, actor.sessionId, 'sign_out');
}

export async function signOutAll(deps: Deps, actor: Actor): Promise<{ revoked: number }> {
  const rows = await deps.db
    .update(authSessions)
    .set({ revokedAt: sql`now()`, revokedReason: 'sign_out_all' })
    .where(and(eq(authSessions.userId, actor.userId), isNull(authSessions.revokedAt)))
    .returning({ id: authSessions.id });
  return { revoked: rows.length };
}

/** Revokes one of the actor's own sessions; anyone else's is "not found". */
export async function revokeSession(deps: Deps, actor: Actor, sessionId: string, reason = 'revoked'): Promise<{ revoked: number }> {
  const [owned] = await deps.db
    .select({ id: authSessions.id, revokedAt: authSessions.revokedAt })
    .from(authSessions)
    .where(and(eq(authSessions.id, sessionId), eq(authSessions.userId, actor.userId)))
    .limit(1);
  if (!owned) throw notFound('Session');
  const rows = await deps.db
    .update(authSessions)
    .set({ revokedAt: sql`now()`, revokedReason: reason })
    .where(and(eq(authSessions.id, sessionId), isNull(authSessions.revokedAt)))
    .returning({ id: authSessions.id });
  return { revoked: rows.length };
}
