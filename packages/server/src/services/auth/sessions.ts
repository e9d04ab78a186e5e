import { and, authSessions, eq, gt, inArray, isNull, type Executor } from '@rapport/db';
import type { AccessClaims } from './tokens';

/** The signed-in user a call acts as: always from the session, never from input. */
export interface Actor {
  userId: string;
  sessionId: string;
}

export async function loadLiveSession(db: Executor, claims: AccessClaims): Promise<Actor | null> {
  const [row] = await db
    .select({ userId: authSessions.userId, sessionId: authSessions.id })
    .from(authSessions)
    .where(
      and(
        eq(authSessions.id, claims.sessionId),
        eq(authSessions.userId, claims.userId),
        isNull(authSessions.revokedAt),
        gt(authSessions.expiresAt, new Date()),
      ),
    )
    .limit(1);
  return row ?? null;
}

/** Of these sessions, the ones still live: what open sockets are re-checked against. */
export async function liveSessionIds(db: Executor, sessionIds: string[]): Promise<Set<string>> {
  if (sessionIds.length === 0) return new Set();
  const rows = await db
    .select({ id: authSessions.id })
    .from(authSessions)
    .where(and(inArray(authSessions.id, sessionIds), isNull(authSessions.revokedAt), gt(authSessions.expiresAt, new Date())));
  return new Set(rows.map((r) => r.id));
}
