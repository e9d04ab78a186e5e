import type { inferRouterInputs, inferRouterOutputs } from '@trpc/server';
import type { AppRouter } from './router';

type Outputs = inferRouterOutputs<AppRouter>['community']['circles']['posts'];
type Inputs = inferRouterInputs<AppRouter>['community']['circles']['posts'];

/**
 * One post of a circle's feed, or a reply to one: its author (null once the
 * account is gone), text and attachments, counts kept by the server, and the
 * viewer's own reactions (empty in live events, which carry no viewer).
 */
export type CirclePost = Outputs['create'];
/** A page of the feed (newest first) or of a post's replies (oldest first). */
export type CirclePostPage = Outputs['list'];
/** What a delete answers: the post is gone from every list. */
export type CirclePostDeleted = Outputs['delete'];
export type CirclePostCreateInput = Inputs['create'];
export type CirclePostListInput = Inputs['list'];
export type CirclePostRepliesInput = Inputs['replies'];
