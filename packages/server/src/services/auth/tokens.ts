import { createHash, createHmac, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { errors as joseErrors, jwtVerify, SignJWT } from 'jose';
import type { Config } from '../../config';
import { LIMITS } from '../../limits';

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
  // A token's signature and claims never change, so a verified token is kept
  // (until it expires) rather than verified again on every call: the HMAC check
  // was a tenth of the server's time per message sent. Whether its session is
  // still live is checked on every call regardless.
  const verified = new Map<string, { claims: AccessClaims; expiresAtMs: number }>();
  const remember = (token: string, entry: { claims: AccessClaims; expiresAtMs: number }) => {
    // Oldest first out: a Map iterates in insertion order.
    if (verified.size >= LIMITS.verifiedTokensKept) verified.delete(verified.keys().next().value ?? token);
    verified.set(token, entry);
  };
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
      const known = verified.get(token);
      if (known !== undefined) {
        if (Date.now() < known.expiresAtMs) return known.claims;
        verified.delete(token);
        return 'expired';
      }
      try {
        const { payload } = await jwtVerify(token, key, {
          algorithms: [ALGORITHM],
          issuer: auth.issuer,
          audience: auth.audience,
          requiredClaims: ['exp', 'sub', 'sid'],
        });
        if (typeof payload.sub !== 'string' || typeof payload.sid !== 'string' || typeof payload.exp !== 'number') return 'invalid';
        const claims = { userId: payload.sub, sessionId: payload.sid };
        remember(token, { claims, expiresAtMs: payload.exp * 1000 });
        return claims;
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
