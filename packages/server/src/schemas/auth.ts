import { z } from 'zod';
import { LIMITS } from '../limits';
import { DEFAULT_PAGE_SIZE, pageInput, timeIdCursor } from '../pagination';
import { privateProfile, profileFields } from './user';

// Trimmed before it is checked, so a pasted " ada@example.com " is accepted as
// the address it obviously is rather than refused as invalid.
const email = z.string().trim().pipe(z.email('Enter a valid email address.').max(254));
const refreshToken = z.string().min(20).max(200);

/** auth.signUp: a new password is held to the policy (the upper bound is the hasher's limit). */
export const signUpInput = z.object({
  email,
  password: z.string().min(8, 'Use at least 8 characters.').max(LIMITS.passwordChars, `Use at most ${LIMITS.passwordChars} characters.`),
  name: profileFields.name,
});
export type SignUpInput = z.output<typeof signUpInput>;

/** auth.signIn: not held to the sign-up policy; a wrong password is just wrong, whatever its length. */
export const signInInput = z.object({ email, password: z.string().min(1).max(LIMITS.passwordChars) });
export type SignInInput = z.output<typeof signInInput>;

/** auth.refresh */
export const refreshInput = z.object({ refreshToken });
export type RefreshInput = z.output<typeof refreshInput>;

/** auth.sessions.list */
export const listSessionsInput = z.object(pageInput(timeIdCursor)).default({ limit: DEFAULT_PAGE_SIZE });
export type ListSessionsInput = z.output<typeof listSessionsInput>;

/** auth.sessions.revoke */
export const revokeSessionInput = z.object({ sessionId: z.uuid() });
export type RevokeSessionInput = z.output<typeof revokeSessionInput>;

export const issuedTokens = z.object({
  userId: z.uuid(),
  sessionId: z.uuid(),
  sessionExpiresAt: z.iso.datetime(),
  accessToken: z.string(),
  accessTokenExpiresAt: z.iso.datetime(),
  refreshToken: z.string(),
});
export type IssuedTokensView = z.infer<typeof issuedTokens>;

/** A sign-up that was a retry of one already done signs in to the account it made: `created` is false. */
export const signedUp = issuedTokens.extend({ created: z.boolean() });
export type SignedUp = z.infer<typeof signedUp>;

/** Sessions a sign-out ended (0 when it had already ended). */
export const revokedCount = z.object({ revoked: z.number().int() });
export type RevokedCount = z.infer<typeof revokedCount>;

/** auth.me: who is signed in, and on which session. */
export const signedInUser = z.object({ user: privateProfile, sessionId: z.uuid() });

export const sessionView = z.object({
  id: z.uuid(),
  current: z.boolean(),
  createdAt: z.iso.datetime(),
  lastUsedAt: z.iso.datetime(),
  expiresAt: z.iso.datetime(),
  userAgent: z.string().nullable(),
  ipAddress: z.string().nullable(),
});
export type SessionView = z.infer<typeof sessionView>;
