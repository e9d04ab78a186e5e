import { createHash, createHmac, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { errors as joseErrors, jwtVerify, SignJWT } from 'jose';
import type { Config } from '../../config';

const ALGORITHM = 'HS256';

export interface AccessClaims {
  userId: string;
  sessionId: string;
}

export interface TokenSigner {
  sign(claims: AccessClaims): Promise<{ token: string; expiresAt: Date }>;
  /** Returns the claims, or why the token is not acceptable. */
  verify(token: string): Promise<AccessClaims | 'expired' | 'invalid'>;
  /**
   * The refresh token that replaces `token`. Derived, not random, so that a
   * client retrying a refresh whose response it lost receives the same one.
   */
  successorRefreshToken(token: string): string;
}

export function createTokenSigner(auth: Config['auth'], secret: string): TokenSigner {
  const key = new TextEncoder().encode(secret);
  return {
    async sign({ userId, sessionId }) {
      const expiresAt = new Date(Date.now() + auth.accessTokenTtlSeconds * 1000);
      const token = await new SignJWT({ sid: sessionId })
        .setProtectedHeader({ alg: ALGORITHM })
        .setSubject(userId)
        .setIssuer(auth.issuer)
        .setAudience(auth.audience)
        .setIssuedAt()
        .setExpirationTime(Math.floor(expiresAt.getTime() / 1000))
        .sign(key);
      return { token, expiresAt };
    },
    async verify(token) {
      try {
        const { payload } = await jwtVerify(token, key, {
          algorithms: [ALGORITHM],
          issuer: auth.issuer,
          audience: auth.audience,
          requiredClaims: ['exp', 'sub', 'sid'],
        });
        if (typeof payload.sub !== 'string' || typeof payload.sid !== 'string') return 'invalid';
        return { userId: payload.sub, sessionId: payload.sid };
      } catch (error) {
        return error instanceof joseErrors.JWTExpired ? 'expired' : 'invalid';
      }
    },
    successorRefreshToken(token) {
      return createHmac('sha256', key).update(`refresh:${token}`).digest('base64url');
    },
  };
}

/**
 * The embedded default keeps a generated secret in the data directory so that a
 * restart does not sign everyone out.
 */
export function resolveAuthSecret(config: Config): string {
  if (config.auth.secret !== null) return config.auth.secret;
  const file = `${config.dataDir}/auth-secret`;
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  mkdirSync(config.dataDir, { recursive: true });
  const secret = randomBytes(48).toString('base64url');
  writeFileSync(file, secret, { mode: 0o600 });
  return secret;
}

export function newRefreshToken(): { token: string; hash: string } {
  const token = randomBytes(32).toString('base64url');
  return { token, hash: hashRefreshToken(token) };
}

// Refresh tokens are 256 random bits, so a fast hash is enough: the point is
// that a leaked database row cannot be replayed as a token.
export function hashRefreshToken(token: string): string {
  return createHash('sha256').update(token).digest('base64url');
}
