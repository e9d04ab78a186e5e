import { and, authSessions, desc, eq, isNull, sql, type Database } from '@rapport/db';
import type { Actor } from '../../domain/sessions';
import { decodeCursor, pastPosition, timeIdCursor, toPage, type Page } from '../../pagination';
import type { ListSessionsInput, SessionView } from '../../schemas/auth';

/** The actor's live sessions, newest first, so a user can sign out a device. */
export async function listSessions(db: Database, actor: Actor, input: ListSessionsInput): Promise<Page<SessionView>> {
  const after = input.cursor ? decodeCursor(input.cursor, timeIdCursor) : null;
  const rows = await db
    .select()
    .from(authSessions)
    .where(
      and(
        eq(authSessions.userId, actor.userId),
        isNull(authSessions.revokedAt),
        sql`${authSessions.expiresAt} > now()`,
        // The ISO string, not a Date: postgres.js (through Drizzle) cannot send a
        // Date as a bare parameter, and the database reads the string exactly.
        after ? pastPosition([authSessions.createdAt, authSessions.id], [after[0], after[1]], 'desc') : undefined,
      ),
    )
    .orderBy(desc(authSessions.createdAt), desc(authSessions.id))
    .limit(input.limit + 1);
  return toPage(
    rows,
    input.limit,
    (r) => [r.createdAt.toISOString(), r.id],
    (r) => ({
      id: r.id,
      current: r.id === actor.sessionId,
      createdAt: r.createdAt.toISOString(),
      lastUsedAt: r.lastUsedAt.toISOString(),
      expiresAt: r.expiresAt.toISOString(),
      userAgent: r.userAgent,
      ipAddress: r.ipAddress,
    }),
  );
}
