import { pageOutput } from '../../pagination';
import {
  acceptResult,
  declineInvitationInput,
  invitationRefInput,
  invitationView,
  listInvitationsInput,
  sendInvitationInput,
} from '../../schemas/invitations';
import { acceptInvitation, cancelInvitation, declineInvitation } from '../../services/invitations/answer';
import { getInvitation, listInvitations } from '../../services/invitations/read';
import { sendInvitation } from '../../services/invitations/send';
import { protectedProcedure, router } from '../../trpc';
import { serve, serveWith, withEvents } from '../procedure';
import { restRoutes } from '../rest-route';
import { activitiesRouter } from './activities';
import { cardsRouter } from './cards';
import { locationRouter, nearbyProcedure } from './nearby';
import { ratingsRouter } from './ratings';

const rest = restRoutes('invitations');

/** Activities people create and join, and the invitations that bring others to them. */
export const invitationsRouter = router({
  activities: activitiesRouter,
  ratings: ratingsRouter,
  cards: cardsRouter,
  location: locationRouter,
  nearby: nearbyProcedure,

  /** Invites someone to an activity I host or take part in, with a note and an ice-breaker. */
  send: protectedProcedure
    .meta(rest('POST', '/invitations', 'Invites someone to an activity I host or take part in.'))
    .input(sendInvitationInput)
    .output(invitationView)
    .mutation(serveWith(sendInvitation, withEvents)),

  list: protectedProcedure
    .meta(rest('GET', '/invitations', 'Invitations I sent or received, newest first, all or of one status.'))
    .input(listInvitationsInput)
    .output(pageOutput(invitationView))
    .query(serve(listInvitations)),

  get: protectedProcedure
    .meta(rest('GET', '/invitations/{invitationId}', 'One invitation I sent or received.'))
    .input(invitationRefInput)
    .output(invitationView)
    .query(serve(getInvitation)),

  /** Joins the activity (a seat, or the line when full) and posts the invitation's card in our chat. */
  accept: protectedProcedure
    .meta(rest('PUT', '/invitations/{invitationId}/accept', 'Accepts: a seat, or a place in line, and a card in the chat with the sender.'))
    .input(invitationRefInput)
    .output(acceptResult)
    .mutation(serveWith(acceptInvitation, withEvents)),

  decline: protectedProcedure
    .meta(rest('PUT', '/invitations/{invitationId}/decline', 'Declines, with a reason if I like.'))
    .input(declineInvitationInput)
    .output(invitationView)
    .mutation(serveWith(declineInvitation, withEvents)),

  cancel: protectedProcedure
    .meta(rest('PUT', '/invitations/{invitationId}/cancel', 'The sender takes a pending invitation back.'))
    .input(invitationRefInput)
    .output(invitationView)
    .mutation(serveWith(cancelInvitation, withEvents)),
});
