import { randomUUID } from 'node:crypto';
import type { RouterInputs, RouterOutputs } from '../../src/index';
import { allPages } from '../activities/helpers';
import { createCircle, type Circle } from '../circles/helpers';
import type { TestUser } from '../harness';

type Inputs = RouterInputs['community']['circles']['posts'];
export type Post = RouterOutputs['community']['circles']['posts']['create'];
export type CreatePostInput = Inputs['create'];

/** A circle owned by `owner` with the others joined through the API. */
export async function circleOf(owner: TestUser, members: TestUser[] = [], name = 'Mindful Mornings'): Promise<Circle> {
  const circle = await createCircle(owner, { name });
  for (const member of members) await member.api.community.circles.join.mutate({ circleId: circle.id });
  return circle;
}

/** Posts `body` (a fresh client key unless one is given). */
export const post = (user: TestUser, circleId: string, body: string, extra: Partial<CreatePostInput> = {}): Promise<Post> =>
  user.api.community.circles.posts.create.mutate({ circleId, clientKey: randomUUID(), body, ...extra });

/** The whole feed, page by page. */
export const wholeFeed = (user: TestUser, circleId: string, limit = 100) =>
  allPages(limit, (cursor) => user.api.community.circles.posts.list.query({ circleId, limit, cursor }));

/** Every reply to a post, page by page. */
export const allReplies = (user: TestUser, postId: string, limit = 100) =>
  allPages(limit, (cursor) => user.api.community.circles.posts.replies.query({ postId, limit, cursor }));

export const bodies = (posts: Post[]) => posts.map((p) => p.body);
