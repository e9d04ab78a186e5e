import { and, authSessions, eq, isNull, sql, type Database } from '@rapport/db';
import type { Actor } from '../../domain/sessions';
import { notFound } from '../../errors';
import type { RevokedCount, RevokeSessionInput } from '../../schemas/auth';

export function signOut(db: Database, actor: Actor): Promise<RevokedCount> {
  return revoke(db, actor, actor.sessionId, 'sign_out');
}

export async function signOutAll(db: Database, actor: Actor): Promise<RevokedCount> {
  const rows = await db
    .update(authSessions)
    .set({ revokedAt: sql`now()`, revokedReason: 'sign_out_all' })
    .where(and(eq(authSessions.userId, actor.userId), isNull(authSessions.revokedAt)))
    .returning({ id: authSessions.id });
  return { revoked: rows.length };
}

/** Signs out one of the actor's own sessions, another device for instance. */
export function revokeSession(db: Database, actor: Actor, input: RevokeSessionInput): Promise<RevokedCount> {
  return revoke(db, actor, input.sessionId, 'revoked');
}

/** Revokes one of the actor's own sessions; anyone else's is "not found". */
async function revoke(db: Database, actor: Actor, sessionId: string, reason: string): Promise<RevokedCount> {
  const [owned] = await db
    .select({ id: authSessions.id, revokedAt: authSessions.revokedAt })
    .from(authSessions)
    .where(and(eq(authSessions.id, sessionId), eq(authSessions.userId, actor.userId)))
    .limit(1);
  if (!owned) throw notFound('Session');
  const rows = await db
    .update(authSessions)
    .set({ revokedAt: sql`now()`, revokedReason: reason })
    .where(and(eq(authSessions.id, sessionId), isNull(authSessions.revokedAt)))
    .returning({ id: authSessions.id });
  return { revoked: rows.length };
}
