import { familyLinkInput, familyLinkView, familyPeerInput, familyView, removedFamilyLink } from '../../schemas/session-requests/family';
import { acceptFamilyLink } from '../../services/session-requests/family/accept';
import { linkFamily } from '../../services/session-requests/family/link';
import { listFamily } from '../../services/session-requests/family/list';
import { removeFamilyLink } from '../../services/session-requests/family/remove';
import { protectedProcedure, router } from '../../trpc';
import { serve, serveWith, withEvents } from '../procedure';

/** Parent–child links: one side proposes, the other confirms; only confirmed links let a parent act for a child. */
export const familyRouter = router({
  link: protectedProcedure.input(familyLinkInput).output(familyLinkView).mutation(serveWith(linkFamily, withEvents)),

  accept: protectedProcedure.input(familyPeerInput).output(familyLinkView).mutation(serveWith(acceptFamilyLink, withEvents)),

  remove: protectedProcedure.input(familyPeerInput).output(removedFamilyLink).mutation(serveWith(removeFamilyLink, withEvents)),

  list: protectedProcedure.output(familyView).query(serve(listFamily)),
});
