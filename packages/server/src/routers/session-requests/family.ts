import { familyLinkInput, familyLinkView, familyPeerInput, familyView, removedFamilyLink } from '../../schemas/session-requests/family';
import { acceptFamilyLink } from '../../services/session-requests/family/accept';
import { linkFamily } from '../../services/session-requests/family/link';
import { listFamily } from '../../services/session-requests/family/list';
import { removeFamilyLink } from '../../services/session-requests/family/remove';
import { protectedProcedure, router } from '../../trpc';
import { serve, serveWith, withEvents } from '../procedure';
import { restRoutes } from '../rest-route';

const rest = restRoutes('sessionRequests');

/** Parent–child links: one side proposes, the other confirms; only confirmed links let a parent act for a child. */
export const familyRouter = router({
  link: protectedProcedure
    .meta(rest('POST', '/family', 'Asks a user to link as my parent or child.'))
    .input(familyLinkInput)
    .output(familyLinkView)
    .mutation(serveWith(linkFamily, withEvents)),

  accept: protectedProcedure
    .meta(rest('PUT', '/family/{userId}/accept', 'Accepts a family link asked of me.'))
    .input(familyPeerInput)
    .output(familyLinkView)
    .mutation(serveWith(acceptFamilyLink, withEvents)),

  remove: protectedProcedure
    .meta(rest('DELETE', '/family/{userId}', 'Removes a family link or request.'))
    .input(familyPeerInput)
    .output(removedFamilyLink)
    .mutation(serveWith(removeFamilyLink, withEvents)),

  list: protectedProcedure
    .meta(rest('GET', '/family', 'My family: links and pending requests.'))
    .output(familyView)
    .query(serve(listFamily)),
});
