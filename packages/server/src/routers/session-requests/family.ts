import { familyLinkInput, familyLinkView, familyPeerInput, familyView, removedFamilyLink } from '../../schemas/session-requests/family';
import { acceptFamilyLink } from '../../services/session-requests/family/accept';
import { linkFamily } from '../../services/session-requests/family/link';
import { listFamily } from '../../services/session-requests/family/list';
import { removeFamilyLink } from '../../services/session-requests/family/remove';
import { protectedProcedure, router } from '../../trpc';

/** Parent–child links: one side proposes, the other confirms; only confirmed links let a parent act for a child. */
export const familyRouter = router({
  link: protectedProcedure
    .input(familyLinkInput)
    .output(familyLinkView)
    .mutation(({ ctx, input }) => linkFamily(ctx.deps.db, ctx.actor, input, { events: ctx.deps.events })),

  accept: protectedProcedure
    .input(familyPeerInput)
    .output(familyLinkView)
    .mutation(({ ctx, input }) => acceptFamilyLink(ctx.deps.db, ctx.actor, input, { events: ctx.deps.events })),

  remove: protectedProcedure
    .input(familyPeerInput)
    .output(removedFamilyLink)
    .mutation(({ ctx, input }) => removeFamilyLink(ctx.deps.db, ctx.actor, input, { events: ctx.deps.events })),

  list: protectedProcedure.output(familyView).query(({ ctx }) => listFamily(ctx.deps.db, ctx.actor)),
});
