import { and, authSessions, desc, eq, isNull, sql } from '@rapport/db';
import type { Deps } from '../../deps';
import { decodeCursor, pastPosition, timeIdCursor, toPage, type Page } from '../../pagination';
import type { Actor } from './sessions';

export interface SessionView {
  id: string;
  current: boolean;
  createdAt: string;
  lastUsedAt: string;
  expiresAt: string;
  userAgent: string | null;
  ipAddress: string | null;
}

/** The actor's live sessions, newest first, so a user can sign out a device. */
export async function listSessions(deps: Deps, actor: Actor, page: { cursor?: string | undefined; limit: number }): Promise<Page<SessionView>> {
  const after = page.cursor ? decodeCursor(page.cursor, timeIdCursor) : null;
  const rows = await deps.db
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
    .limit(page.limit + 1);
  return toPage(
    rows,
    page.limit,
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
