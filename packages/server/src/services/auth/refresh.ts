import { and, authRefreshTokens, authSessions, eq, gt, isNull, sql, type Database } from '@rapport/db';
import type { RequestMeta } from '../../domain/sessions';
import { AppError } from '../../errors';
import type { Logger } from '../../logger';
import type { IssuedTokensView, RefreshInput } from '../../schemas/auth';
import { issueTokens, sessionExpiry, type SessionIssuer } from './issue';
import { hashRefreshToken } from './tokens';

// How long after a refresh the same (now spent) token may be presented again
// and get the same successor: long enough for a client retry, too short to be
// worth stealing.
const RETRY_GRACE_SECONDS = 30;

const SIGN_IN_AGAIN = 'This session has ended. Sign in again.';

/**
 * Exchanges a refresh token for a new pair. Every refresh token works once; a
 * spent one presented again (outside the retry grace) means it was copied, so
 * the whole session is revoked.
 */
export async function refresh(
  db: Database,
  request: RequestMeta,
  input: RefreshInput,
  { tokens, auth, log }: SessionIssuer & { log: Logger },
): Promise<IssuedTokensView> {
  const presentedHash = hashRefreshToken(input.refreshToken);
  const successor = tokens.successorRefreshToken(input.refreshToken);
  const successorHash = hashRefreshToken(successor);
  const expiresAt = sessionExpiry(auth);

  const outcome = await db.transaction(async (tx) => {
    const [spent] = await tx
      .update(authRefreshTokens)
      .set({ usedAt: sql`now()`, replacedByHash: successorHash })
      .where(and(eq(authRefreshTokens.tokenHash, presentedHash), isNull(authRefreshTokens.usedAt)))
      .returning({ sessionId: authRefreshTokens.sessionId });
    if (spent) {
      const [live] = await tx
        .update(authSessions)
        .set({ lastUsedAt: sql`now()`, expiresAt, ipAddress: request.ipAddress, userAgent: request.userAgent })
        .where(and(eq(authSessions.id, spent.sessionId), isNull(authSessions.revokedAt), gt(authSessions.expiresAt, sql`now()`)))
        .returning({ userId: authSessions.userId, sessionId: authSessions.id });
      if (!live) return { kind: 'dead' as const };
      await tx.insert(authRefreshTokens).values({ tokenHash: successorHash, sessionId: spent.sessionId });
      return { kind: 'rotated' as const, ...live };
    }
    const [seen] = await tx
      .select({
        sessionId: authRefreshTokens.sessionId,
        replacedByHash: authRefreshTokens.replacedByHash,
        withinGrace: sql<boolean>`${authRefreshTokens.usedAt} > now() - make_interval(secs => ${RETRY_GRACE_SECONDS})`,
        successorUnused: sql<boolean>`exists (select 1 from ${authRefreshTokens} s where s.token_hash = ${authRefreshTokens.replacedByHash} and s.used_at is null)`,
        userId: authSessions.userId,
        sessionLive: sql<boolean>`${authSessions.revokedAt} is null and ${authSessions.expiresAt} > now()`,
      })
      .from(authRefreshTokens)
      .innerJoin(authSessions, eq(authSessions.id, authRefreshTokens.sessionId))
      .where(eq(authRefreshTokens.tokenHash, presentedHash))
      .limit(1);
    if (!seen) return { kind: 'unknown' as const };
    if (!seen.sessionLive) return { kind: 'dead' as const };
    if (seen.withinGrace && seen.successorUnused && seen.replacedByHash === successorHash) {
      return { kind: 'rotated' as const, userId: seen.userId, sessionId: seen.sessionId };
    }
    return { kind: 'reused' as const, sessionId: seen.sessionId };
  });

  switch (outcome.kind) {
    case 'rotated':
      return issueTokens(tokens, { userId: outcome.userId, sessionId: outcome.sessionId, expiresAt }, successor);
    case 'reused':
      await db
        .update(authSessions)
        .set({ revokedAt: sql`now()`, revokedReason: 'refresh_token_reuse' })
        .where(and(eq(authSessions.id, outcome.sessionId), isNull(authSessions.revokedAt)));
      log.warn('refresh token reuse: session revoked', { sessionId: outcome.sessionId });
      throw new AppError('UNAUTHORIZED', 'This refresh token was already used, so the session was signed out to protect the account. Sign in again.', {
        reason: 'REFRESH_TOKEN_REUSED',
      });
    case 'dead':
      throw new AppError('UNAUTHORIZED', SIGN_IN_AGAIN, { reason: 'SESSION_ENDED' });
    case 'unknown':
      throw new AppError('UNAUTHORIZED', 'That refresh token is not valid. Sign in again.', { reason: 'INVALID_REFRESH_TOKEN' });
  }
}
