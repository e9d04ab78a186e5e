import { users } from '@rapport/db';
import type { RequestMeta } from '../../context';
import type { Deps } from '../../deps';
import { AppError } from '../../errors';
import { pgErrorCode } from '../../error-shape';
import { openSession, type IssuedTokens } from './issue';
import { hashPassword } from './passwords';
import { checkCredentials } from './sign-in';

export interface SignUpInput {
  email: string;
  password: string;
  name: string;
}

/**
 * Creates the account and its first session. A retry of a sign-up whose
 * response was lost (same email, same password) signs in to the account it
 * created instead of failing: sign-up is safe to retry.
 */
export async function signUp(deps: Deps, request: RequestMeta, input: SignUpInput): Promise<IssuedTokens & { created: boolean }> {
  const passwordHash = await hashPassword(input.password);
  try {
    return await deps.db.transaction(async (tx) => {
      const [user] = await tx
        .insert(users)
        .values({ email: input.email, passwordHash, name: input.name })
        .returning({ id: users.id });
      if (!user) throw new Error('user insert returned no row');
      return { ...(await openSession(deps, tx, user.id, request)), created: true };
    });
  } catch (error) {
    if (pgErrorCode(error) !== '23505') throw error;
  }
  const existing = await checkCredentials(deps, request, input);
  if (existing === null) {
    // An address can only be registered once, so this is the one answer that
    // necessarily tells an account exists; it is throttled like sign-in.
    throw new AppError('CONFLICT', 'An account with this email already exists. Sign in instead, or use another email.');
  }
  return { ...(await openSession(deps, deps.db, existing, request)), created: false };
}
