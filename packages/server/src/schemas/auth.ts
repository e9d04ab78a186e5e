import { z } from 'zod';

export const issuedTokens = z.object({
  userId: z.uuid(),
  sessionId: z.uuid(),
  sessionExpiresAt: z.iso.datetime(),
  accessToken: z.string(),
  accessTokenExpiresAt: z.iso.datetime(),
  refreshToken: z.string(),
});
export type IssuedTokensView = z.infer<typeof issuedTokens>;

export const sessionView = z.object({
  id: z.uuid(),
  current: z.boolean(),
  createdAt: z.iso.datetime(),
  lastUsedAt: z.iso.datetime(),
  expiresAt: z.iso.datetime(),
  userAgent: z.string().nullable(),
  ipAddress: z.string().nullable(),
});
