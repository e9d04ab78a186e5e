import { z } from 'zod';
import { pageInput, pageOutput } from '../pagination';
import { hasControlCharacter, privateProfile, profileFields, publicProfile } from '../schemas/user';
import { getPublicProfile, updateOwnProfile } from '../services/users/profile';
import { nameIdCursor, searchUsers } from '../services/users/search';
import { protectedProcedure, router } from '../trpc';

const searchQuery = z
  .string()
  .trim()
  .min(1, 'Type at least one character.')
  .max(100)
  .refine((s) => !hasControlCharacter(s), 'Remove control characters.');

export const usersRouter = router({
  get: protectedProcedure
    .input(z.object({ userId: z.uuid() }))
    .output(publicProfile)
    .query(({ ctx, input }) => getPublicProfile(ctx.deps, ctx.actor, input.userId)),

  updateMe: protectedProcedure
    .input(z.object(profileFields).partial())
    .output(privateProfile)
    .mutation(({ ctx, input }) => updateOwnProfile(ctx.deps, ctx.actor, input)),

  search: protectedProcedure
    .input(z.object({ query: searchQuery, ...pageInput(nameIdCursor) }))
    .output(pageOutput(publicProfile))
    .query(({ ctx, input }) => searchUsers(ctx.deps, ctx.actor, input)),
});
