import { sql, users, type Database } from '@rapport/db';
import type { Config } from '../../config';
import type { RequestMeta } from '../../domain/sessions';
import { AppError } from '../../errors';
import type { IssuedTokensView, SignInInput } from '../../schemas/auth';
import { openSession, type SessionIssuer } from './issue';
import { verifyAgainstDecoy, verifyPassword } from './passwords';
import { clearAttempts, releaseAttempt, reserveAttempt } from './throttle';

// One message for unknown email and wrong password alike.
const BAD_CREDENTIALS = 'Email or password is incorrect.';

export type SignInThrottle = Config['signInThrottle'];

export async function signIn(
  db: Database,
  request: RequestMeta,
  input: SignInInput,
  { tokens, auth, throttle }: SessionIssuer & { throttle: SignInThrottle },
): Promise<IssuedTokensView> {
  const userId = await checkCredentials(db, request, input, throttle);
  if (userId === null) throw new AppError('UNAUTHORIZED', BAD_CREDENTIALS);
  return openSession(db, userId, request, { tokens, auth });
}

/**
 * Checks a password under the per-account and per-address attempt limits and
 * returns the user id it proves, or null. Shared by sign-in and by sign-up's
 * "this account exists" path, so neither can be used to guess past the limit.
 */
export function checkCredentials(db: Database, request: RequestMeta, input: SignInInput, throttle: SignInThrottle): Promise<string | null> {
  const email = input.email.toLowerCase();
  return oneAtATime(`account:${email}`, () => checkUnderLimits(db, request, email, input.password, throttle));
}

async function checkUnderLimits(
  db: Database,
  request: RequestMeta,
  email: string,
  password: string,
  { windowSeconds, maxFailuresPerAccount, maxFailuresPerAddress }: SignInThrottle,
): Promise<string | null> {
  const accountKey = `account:${email}`;
  const addressKey = `address:${request.ipAddress}`;
  const waits = await Promise.all([
    reserveAttempt(db, { key: addressKey, max: maxFailuresPerAddress, windowSeconds }),
    reserveAttempt(db, { key: accountKey, max: maxFailuresPerAccount, windowSeconds }),
  ]);
  const wait = Math.max(...waits.map((w) => w ?? 0));
  if (wait > 0) {
    // A refused attempt checked no password, so it is not a failure: it must
    // not use up the other limit (hammering one locked account would otherwise
    // lock its address out of every other account too).
    await Promise.all([releaseAttempt(db, addressKey), releaseAttempt(db, accountKey)]);
    throw new AppError('TOO_MANY_REQUESTS', `Too many sign-in attempts. Try again in ${humanDuration(wait)}.`, {
      retryAfterSeconds: wait,
    });
  }
  const [user] = await db
    .select({ id: users.id, passwordHash: users.passwordHash })
    .from(users)
    // The database's lower() on both sides, as in the unique index on lower(email).
    .where(sql`lower(${users.email}) = lower(${email})`)
    .limit(1);
  const ok = user ? await verifyPassword(user.passwordHash, password) : await verifyAgainstDecoy(password);
  if (!ok || !user) return null;
  await Promise.all([clearAttempts(db, accountKey), releaseAttempt(db, addressKey)]);
  return user.id;
}

const queues = new Map<string, Promise<void>>();

/**
 * Runs tasks with the same key one after another in this process. Sign-in
 * counts an attempt against the limit before it checks the password, so
 * concurrent attempts for one account would otherwise count each other as
 * failures: fifty retries of a sign-up whose responses were lost, all with the
 * right password, must all get in. The limit itself is still enforced by the
 * database, across instances.
 */
function oneAtATime<T>(key: string, task: () => Promise<T>): Promise<T> {
  const previous = queues.get(key) ?? Promise.resolve();
  const run = previous.then(task);
  const settled = run.then(
    () => undefined,
    () => undefined,
  );
  queues.set(key, settled);
  void settled.then(() => {
    if (queues.get(key) === settled) queues.delete(key);
  });
  return run;
}

function humanDuration(seconds: number): string {
  if (seconds < 60) return `${seconds} second${seconds === 1 ? '' : 's'}`;
  const minutes = Math.ceil(seconds / 60);
  return `${minutes} minute${minutes === 1 ? '' : 's'}`;
}
