import { users, type Database } from '@rapport/db';
import { PG_UNIQUE_VIOLATION, pgErrorCode } from '../../domain/pg-errors';
import type { RequestMeta } from '../../domain/sessions';
import { AppError } from '../../errors';
import type { SignedUp, SignUpInput } from '../../schemas/auth';
import { openSession, type SessionIssuer } from './issue';
import { hashPassword } from './passwords';
import { checkCredentials, type SignInThrottle } from './sign-in';

/**
 * Creates the account and its first session. A retry of a sign-up whose
 * response was lost (same email, same password) signs in to the account it
 * created instead of failing: sign-up is safe to retry.
 */
export async function signUp(
  db: Database,
  request: RequestMeta,
  input: SignUpInput,
  { tokens, auth, throttle }: SessionIssuer & { throttle: SignInThrottle },
): Promise<SignedUp> {
  const passwordHash = await hashPassword(input.password);
  try {
    return await db.transaction(async (tx) => {
      const [user] = await tx
        .insert(users)
        .values({ email: input.email, passwordHash, name: input.name })
        .returning({ id: users.id });
      if (!user) throw new Error('user insert returned no row');
      return { ...(await openSession(tx, user.id, request, { tokens, auth })), created: true };
    });
  } catch (error) {
    if (pgErrorCode(error) !== PG_UNIQUE_VIOLATION) throw error;
  }
  const existing = await checkCredentials(db, request, input, throttle);
  if (existing === null) {
    // An address can only be registered once, so this is the one answer that
    // necessarily tells an account exists; it is throttled like sign-in.
    throw new AppError('CONFLICT', 'An account with this email already exists. Sign in instead, or use another email.');
  }
  return { ...(await openSession(db, existing, request, { tokens, auth })), created: false };
}
