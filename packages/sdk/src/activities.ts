import type { inferRouterInputs, inferRouterOutputs } from '@trpc/server';
import type { AppRouter } from './router';
import type { MessageView } from './send';

type Outputs = inferRouterOutputs<AppRouter>['invitations']['activities'];
type Inputs = inferRouterInputs<AppRouter>['invitations']['activities'];

/** An activity as the signed-in user sees it: seats left, the line, and where they stand (`myStatus`). */
export type Activity = Outputs['get'];
export type ActivityMyStatus = Activity['myStatus'];
/** What a join did: a seat, or a place in line (1 is next). */
export type ActivityJoinResult = Outputs['join'];
/** One person with a seat, from `participants`. */
export type ActivityParticipant = Outputs['participants']['items'][number];
export type ActivityCreateInput = Inputs['create'];
export type ActivityUpdateInput = Inputs['update'];
export type ActivitySearchInput = Inputs['search'];

type InvitationOutputs = inferRouterOutputs<AppRouter>['invitations'];

/** An invitation as its sender or recipient sees it; `status` reads `expired` once it has lapsed unanswered. */
export type Invitation = InvitationOutputs['get'];
export type InvitationStatus = Invitation['status'];
/** What accepting did: the invitation, and a seat or a place in line. */
export type InvitationAcceptResult = InvitationOutputs['accept'];
export type InvitationSendInput = inferRouterInputs<AppRouter>['invitations']['send'];

/** The chat message an accepted invitation posts: its metadata is the card. */
export type InvitationMessage = Extract<MessageView, { kind: 'invitation' }>;
export type InvitationCard = InvitationMessage['metadata'];

/** Narrows a chat message to an invitation card. */
export function isInvitationMessage(message: MessageView): message is InvitationMessage {
  return message.kind === 'invitation';
}

/** A rating one participant gave another after an activity. */
export type Rating = InvitationOutputs['ratings']['rate'];
/** A user's ratings in sum: count, average (one decimal) and how many of each score. */
export type RatingSummary = InvitationOutputs['ratings']['summary'];

/** A name card: name, avatar and city, and the contact fields its owner chose to share. */
export type NameCard = InvitationOutputs['cards']['mine'];
/** A card I keep, with where we met. */
export type CollectedCard = InvitationOutputs['cards']['collect'];

/** People sharing their location near mine (whole kilometres, never exact), and activities around it. */
export type Nearby = InvitationOutputs['nearby'];

