import type { inferRouterInputs, inferRouterOutputs } from '@trpc/server';
import type { AppRouter } from './router';

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
