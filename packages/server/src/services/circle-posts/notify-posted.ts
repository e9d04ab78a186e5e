import type { Executor } from '@rapport/db';
import { notify, type NotificationInput } from '../../domain/notifications/notify';
import type { PostView } from '../../schemas/circle-posts';
import type { InsertedPost } from './insert-post';

// A notification quotes this much of the post: enough to recognise it.
const EXCERPT_CHARS = 120;

/** The app path of a post: a reply is shown in its thread. */
export const postLink = (post: Pick<PostView, 'id' | 'circleId' | 'parentId'>) =>
  `/community/circles/${post.circleId}/posts/${post.parentId ?? post.id}`;

/** What a notification says of a post's content. */
export function postExcerpt(post: Pick<PostView, 'body' | 'attachments'>): string {
  if (post.body === null) return post.attachments.length === 1 ? 'An attachment' : `${post.attachments.length} attachments`;
  return post.body.length <= EXCERPT_CHARS ? post.body : `${post.body.slice(0, EXCERPT_CHARS - 1)}…`;
}

/**
 * A new post's notifications, in its transaction: the parent's author for a
 * reply, each other mentioned member (the post kept only members) for a mention.
 * One notify call, so its statement count does not grow with the list.
 */
export async function notifyPosted(tx: Executor, me: string, { post, authorName, circleName, parentAuthorId }: InsertedPost): Promise<void> {
  const common = { actorId: me, description: postExcerpt(post), actionText: 'View post', link: postLink(post) };
  const list: NotificationInput[] = [];
  if (parentAuthorId !== null) {
    list.push({ ...common, userId: parentAuthorId, type: 'post_reply', title: `${authorName} replied to your post in ${circleName}` });
  }
  // One notification per person per post: the reply already tells its parent's author.
  for (const userId of post.mentions.filter((id) => id !== parentAuthorId)) {
    list.push({ ...common, userId, type: 'mention', title: `${authorName} mentioned you in ${circleName}` });
  }
  await notify(tx, list);
}
