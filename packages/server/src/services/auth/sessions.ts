import { and, authSessions, eq, gt, isNull, type Executor } from '@rapport/db';
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
