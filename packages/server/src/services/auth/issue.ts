import { authRefreshTokens, authSessions, type Executor } from '@rapport/db';
import type { RequestMeta } from '../../context';
import type { Deps } from '../../deps';
import { newRefreshToken } from './tokens';

export interface IssuedTokens {
  userId: string;
  sessionId: string;
  sessionExpiresAt: Date;
  accessToken: string;
  accessTokenExpiresAt: Date;
  refreshToken: string;
}

/** Opens a new session for a user who has just proved who they are. */
export async function openSession(deps: Deps, db: Executor, userId: string, request: RequestMeta): Promise<IssuedTokens> {
  const expiresAt = new Date(Date.now() + deps.config.auth.refreshTokenTtlSeconds * 1000);
  const [session] = await db
    .insert(authSessions)
    .values({ userId, expiresAt, ipAddress: request.ipAddress, userAgent: request.userAgent })
    .returning({ id: authSessions.id });
  if (!session) throw new Error('session insert returned no row');
  const refresh = newRefreshToken();
  await db.insert(authRefreshTokens).values({ tokenHash: refresh.hash, sessionId: session.id });
  const access = await deps.tokens.sign({ userId, sessionId: session.id });
  return {
    userId,
    sessionId: session.id,
    sessionExpiresAt: expiresAt,
    accessToken: access.token,
    accessTokenExpiresAt: access.expiresAt,
    refreshToken: refresh.token,
  };
}
