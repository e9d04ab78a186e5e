import { sql, users } from '@rapport/db';
import type { RequestMeta } from '../../context';
import type { Deps } from '../../deps';
import { AppError } from '../../errors';
import { openSession, type IssuedTokens } from './issue';
import { verifyAgainstDecoy, verifyPassword } from './passwords';
import { oneAtATime } from './one-at-a-time';
import { clearAttempts, releaseAttempt, reserveAttempt } from './throttle';

// One message for unknown email and wrong password alike.
export const BAD_CREDENTIALS = 'Email or password is incorrect.';

export interface SignInInput {
  email: string;
  password: string;
}

/**
 * Checks a password under the per-account and per-address attempt limits and
 * returns the user id it proves, or null. Shared by sign-in and by sign-up's
 * "this account exists" path, so neither can be used to guess past the limit.
 */
export function checkCredentials(deps: Deps, request: RequestMeta, input: SignInInput): Promise<string | null> {
  const email = input.email.toLowerCase();
  return oneAtATime(`account:${email}`, () => checkUnderLimits(deps, request, email, input.password));
}

async function checkUnderLimits(deps: Deps, request: RequestMeta, email: string, password: string): Promise<string | null> {
  const { windowSeconds, maxFailuresPerAccount, maxFailuresPerAddress } = deps.config.signInThrottle;
  const accountKey = `account:${email}`;
  const addressKey = `address:${request.ipAddress}`;
  const waits = await Promise.all([
    reserveAttempt(deps.db, { key: addressKey, max: maxFailuresPerAddress, windowSeconds }),
    reserveAttempt(deps.db, { key: accountKey, max: maxFailuresPerAccount, windowSeconds }),
  ]);
  const wait = Math.max(...waits.map((w) => w ?? 0));
  if (wait > 0) {
    // A refused attempt checked no password, so it is not a failure: it must
    // not use up the other limit (hammering one locked account would otherwise
    // lock its address out of every other account too).
    await Promise.all([releaseAttempt(deps.db, addressKey), releaseAttempt(deps.db, accountKey)]);
    throw new AppError('TOO_MANY_REQUESTS', `Too many sign-in attempts. Try again in ${humanDuration(wait)}.`, {
      retryAfterSeconds: wait,
    });
  }
  const [user] = await deps.db
    .select({ id: users.id, passwordHash: users.passwordHash })
    .from(users)
    // The database's lower() on both sides, as in the unique index on lower(email).
    .where(sql`lower(${users.email}) = lower(${email})`)
    .limit(1);
  const ok = user ? await verifyPassword(user.passwordHash, password) : await verifyAgainstDecoy(password);
  if (!ok || !user) return null;
  await Promise.all([clearAttempts(deps.db, accountKey), releaseAttempt(deps.db, addressKey)]);
  return user.id;
}

export async function signIn(deps: Deps, request: RequestMeta, input: SignInInput): Promise<IssuedTokens> {
  const userId = await checkCredentials(deps, request, input);
  if (userId === null) throw new AppError('UNAUTHORIZED', BAD_CREDENTIALS);
  return openSession(deps, deps.db, userId, request);
}

function humanDuration(seconds: number): string {
  if (seconds < 60) return `${seconds} second${seconds === 1 ? '' : 's'}`;
  const minutes = Math.ceil(seconds / 60);
  return `${minutes} minute${minutes === 1 ? '' : 's'}`;
}
