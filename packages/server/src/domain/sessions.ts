import { and, authSessions, eq, gt, inArray, isNull, type Executor } from '@rapport/db';

/** Who a call came from, for the calls made before anyone is signed in (sign-up, sign-in) and the sessions they open. */
export interface RequestMeta {
  ipAddress: string;
  userAgent: string | null;
}

/** The signed-in user a call acts as: always from the session, never from input. */
export interface Actor {
  userId: string;
  sessionId: string;
}

/** The session a verified token names, if it is still live: checked on every call, so a sign-out takes effect at once. */
export async function loadLiveSession(db: Executor, claims: Actor): Promise<Actor | null> {
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
