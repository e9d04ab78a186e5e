import { authRefreshTokens, authSessions, type Executor } from '@rapport/db';
import type { Config } from '../../config';
import type { RequestMeta } from '../../domain/sessions';
import type { IssuedTokensView } from '../../schemas/auth';
import { newRefreshToken, type TokenSigner } from './tokens';

/** What opening or renewing a session needs: the signer, and the lifetimes the tokens get. */
export interface SessionIssuer {
  tokens: TokenSigner;
  auth: Config['auth'];
}

/** A session lasts as long as its refresh token, from its opening or its latest refresh. */
export const sessionExpiry = (auth: Config['auth']) => new Date(Date.now() + auth.refreshTokenTtlSeconds * 1000);

/** A fresh access token for a live session, with the refresh token that goes with it. */
export async function issueTokens(
  tokens: TokenSigner,
  session: { userId: string; sessionId: string; expiresAt: Date },
  refreshToken: string,
): Promise<IssuedTokensView> {
  const access = await tokens.sign({ userId: session.userId, sessionId: session.sessionId });
  return {
    userId: session.userId,
    sessionId: session.sessionId,
    sessionExpiresAt: session.expiresAt.toISOString(),
    accessToken: access.token,
    accessTokenExpiresAt: access.expiresAt.toISOString(),
    refreshToken,
  };
}

/** Opens a new session for a user who has just proved who they are. */
export async function openSession(db: Executor, userId: string, request: RequestMeta, { tokens, auth }: SessionIssuer): Promise<IssuedTokensView> {
  const expiresAt = sessionExpiry(auth);
  const [session] = await db
    .insert(authSessions)
    .values({ userId, expiresAt, ipAddress: request.ipAddress, userAgent: request.userAgent })
    .returning({ id: authSessions.id });
  if (!session) throw new Error('session insert returned no row');
  const refresh = newRefreshToken();
  await db.insert(authRefreshTokens).values({ tokenHash: refresh.hash, sessionId: session.id });
  return issueTokens(tokens, { userId, sessionId: session.id, expiresAt }, refresh.token);
}
