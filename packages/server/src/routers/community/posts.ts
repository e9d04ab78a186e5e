import {
  createPostInput,
  deletedPost,
  editPostInput,
  feedInput,
  postIdInput,
  postReactionInput,
  postsPage,
  postView,
  repliesInput,
} from '../../schemas/circle-posts';
import { createPost } from '../../services/circle-posts/create';
import { deletePost } from '../../services/circle-posts/delete';
import { editPost } from '../../services/circle-posts/edit';
import { listPosts } from '../../services/circle-posts/list';
import { reactToPost } from '../../services/circle-posts/react';
import { listReplies } from '../../services/circle-posts/replies';
import { unreactToPost } from '../../services/circle-posts/unreact';
import { protectedProcedure, router } from '../../trpc';
import { serve, serveWith, withEvents } from '../procedure';
import { restRoutes } from '../rest-route';

const rest = restRoutes('community');

/**
 * A circle's feed (`community.circles.posts`): posts and their replies,
 * reactions, edits and deletes, live on events.stream to the circle's
 * connected members. A post costs the same however many members there are.
 */
export const postsRouter = router({
  create: protectedProcedure
    .meta(rest('POST', '/community/circles/{circleId}/posts', 'A member posts (or replies); retrying with the same clientKey returns the first post.'))
    .input(createPostInput)
    .output(postView)
    .mutation(serveWith(createPost, (deps) => ({ ...withEvents(deps), limiter: deps.postLimiter }))),

  list: protectedProcedure
    .meta(rest('GET', '/community/circles/{circleId}/posts', "A circle's feed: its top-level posts, newest first."))
    .input(feedInput)
    .output(postsPage)
    .query(serve(listPosts)),

  replies: protectedProcedure
    .meta(rest('GET', '/community/posts/{postId}/replies', "A post's replies, oldest first."))
    .input(repliesInput)
    .output(postsPage)
    .query(serve(listReplies)),

  edit: protectedProcedure
    .meta(rest('PATCH', '/community/posts/{postId}', 'Replaces the text of my own post.'))
    .input(editPostInput)
    .output(postView)
    .mutation(serveWith(editPost, withEvents)),

  delete: protectedProcedure
    .meta(rest('DELETE', '/community/posts/{postId}', "Deletes a post: its author, or a moderator or the owner of its circle."))
    .input(postIdInput)
    .output(deletedPost)
    .mutation(serveWith(deletePost, withEvents)),

  react: protectedProcedure
    .meta(rest('POST', '/community/posts/{postId}/reactions', 'A member adds a reaction (one emoji); adding it again changes nothing.'))
    .input(postReactionInput)
    .output(postView)
    .mutation(serveWith(reactToPost, withEvents)),

  unreact: protectedProcedure
    .meta(rest('DELETE', '/community/posts/{postId}/reactions', 'Takes my reaction back.'))
    .input(postReactionInput)
    .output(postView)
    .mutation(serveWith(unreactToPost, withEvents)),
});
