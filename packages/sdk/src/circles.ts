import type { inferRouterInputs, inferRouterOutputs } from '@trpc/server';
import type { AppRouter } from './router';

type Outputs = inferRouterOutputs<AppRouter>['community']['circles'];
type Inputs = inferRouterInputs<AppRouter>['community']['circles'];

/** A circle as the signed-in user sees it: exact member and post counts, and whether (and as what) they belong. */
export type Circle = Outputs['create'];
export type CircleCategory = Circle['category'];
/** owner, moderator or member. */
export type CircleRole = NonNullable<Circle['myRole']>;
/** A circle with its newest posts, from `get`. */
export type CircleDetails = Outputs['get'];
/** One member, from `members`: who they are, their role and when they joined. */
export type CircleMember = Outputs['members']['items'][number];
export type CircleCreateInput = Inputs['create'];
export type CircleUpdateInput = Inputs['update'];
export type CircleListInput = Inputs['list'];
