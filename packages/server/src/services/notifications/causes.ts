import { activities, eq, users, type Executor } from '@rapport/db';
import { notify } from '../../domain/notifications/notify';
import { usersById } from '../../domain/users';
import type { SuggestedCircle } from '../circles/suggest';

// What each change elsewhere tells the person it concerns, in words and a
// place to go. Each is called inside the change's own transaction, so the
// notification commits or vanishes with it. The wording lives here, the
// priority in domain/notifications/types.ts.

async function nameOf(tx: Executor, userId: string): Promise<string> {
  return (await usersById(tx, [userId])).get(userId)?.name ?? 'Someone';
}

/** To the addressee of a new friend request. */
export async function notifyFriendRequest(tx: Executor, r: { requesterId: string; addresseeId: string; message: string | null }): Promise<void> {
  const name = await nameOf(tx, r.requesterId);
  await notify(tx, [
    {
      userId: r.addresseeId,
      type: 'friend_request',
      actorId: r.requesterId,
      title: `${name} sent you a friend request`,
      description: r.message ?? `Accept to become friends with ${name}, or decline.`,
      actionText: 'View request',
      link: '/connections/requests',
    },
  ]);
}

/** To the requester, when their friend request is accepted. */
export async function notifyFriendAccepted(tx: Executor, r: { accepterId: string; requesterId: string }): Promise<void> {
  const name = await nameOf(tx, r.accepterId);
  await notify(tx, [
    {
      userId: r.requesterId,
      type: 'friend_accepted',
      actorId: r.accepterId,
      title: `${name} accepted your friend request`,
      description: `You and ${name} are friends now.`,
      actionText: 'View profile',
      link: `/users/${r.accepterId}`,
    },
  ]);
}

/** To the recipient of an invitation to an activity. */
export async function notifyInvitationReceived(
  tx: Executor,
  r: { invitationId: string; senderId: string; recipientId: string; activityTitle: string; message: string },
): Promise<void> {
  const name = await nameOf(tx, r.senderId);
  await notify(tx, [
    {
      userId: r.recipientId,
      type: 'invitation_received',
      actorId: r.senderId,
      title: `${name} invited you to ${r.activityTitle}`,
      description: r.message === '' ? 'Accept to take a seat, or decline.' : r.message,
      actionText: 'View invitation',
      link: `/invitations/${r.invitationId}`,
    },
  ]);
}

/** To the sender, when the recipient accepts or declines. */
export async function notifyInvitationAnswered(
  tx: Executor,
  r: { invitation: { id: string; senderId: string; recipientId: string; activityId: string }; answer: 'accepted' | 'declined'; reason: string | null },
): Promise<void> {
  const { invitation } = r;
  const [facts] = await tx
    .select({ name: users.name, title: activities.title })
    .from(users)
    .innerJoin(activities, eq(activities.id, invitation.activityId))
    .where(eq(users.id, invitation.recipientId));
  const name = facts?.name ?? 'Someone';
  await notify(tx, [
    {
      userId: invitation.senderId,
      type: 'invitation_answered',
      actorId: invitation.recipientId,
      title: `${name} ${r.answer} your invitation to ${facts?.title ?? 'an activity'}`,
      description: r.answer === 'accepted' ? `${name} is coming along.` : (r.reason ?? `${name} cannot make it.`),
      actionText: 'View invitation',
      link: `/invitations/${invitation.id}`,
    },
  ]);
}

/** To the tutor, when someone requests sessions of one of their packages (a parent for a child, or a student). */
export async function notifySessionRequestReceived(
  tx: Executor,
  r: { requestId: string; requesterId: string; tutorId: string; packageName: string; studentName: string; forChild: boolean },
): Promise<void> {
  const name = await nameOf(tx, r.requesterId);
  await notify(tx, [
    {
      userId: r.tutorId,
      type: 'session_request_received',
      actorId: r.requesterId,
      title: `${name} requested ${r.packageName}`,
      description: r.forChild ? `${name} would like sessions for ${r.studentName}. Accept or decline the request.` : 'Accept or decline the request.',
      actionText: 'View request',
      link: `/session-requests/${r.requestId}`,
    },
  ]);
}

/** To the requester, when the tutor accepts or declines. */
export async function notifySessionRequestAnswered(
  tx: Executor,
  r: { requestId: string; tutor: { id: string; name: string }; requesterId: string; packageName: string; answer: 'accepted' | 'rejected'; reason: string | null },
): Promise<void> {
  const { name } = r.tutor;
  const accepted = r.answer === 'accepted';
  await notify(tx, [
    {
      userId: r.requesterId,
      type: 'session_request_answered',
      actorId: r.tutor.id,
      title: `${name} ${accepted ? 'accepted' : 'declined'} your request for ${r.packageName}`,
      description: accepted ? `Your sessions with ${name} are on.` : (r.reason ?? 'You can request another package or tutor.'),
      actionText: 'View request',
      link: `/session-requests/${r.requestId}`,
    },
  ]);
}

/** To a member someone else removed from a group chat. */
export async function notifyRemovedFromGroup(
  tx: Executor,
  r: { conversationId: string; by: { id: string; name: string }; userId: string; groupTitle: string | null },
): Promise<void> {
  await notify(tx, [
    {
      userId: r.userId,
      type: 'removed_from_group',
      actorId: r.by.id,
      title: `${r.by.name} removed you from ${r.groupTitle ?? 'a group'}`,
      description: 'You no longer receive its messages.',
      actionText: 'View conversation',
      link: `/chat/${r.conversationId}`,
    },
  ]);
}

/**
 * To each person the line moved into a seat. No actor, like the event: the
 * line moving is nobody's doing, so no block can hold it back.
 */
export async function notifyPromoted(tx: Executor, activity: { id: string; title: string }, userIds: string[]): Promise<void> {
  await notify(
    tx,
    userIds.map((userId) => ({
      userId,
      type: 'waitlist_promoted' as const,
      actorId: null,
      title: `You have a seat at ${activity.title}`,
      description: 'A seat came free and you were next in line.',
      actionText: 'View activity',
      link: `/activities/${activity.id}`,
    })),
  );
}

/**
 * To someone whose interests now reach a circle category they had none in:
 * the most joined circle of it they are not in. Grouped by circle, so saving
 * the profile again never repeats an unread suggestion.
 */
export async function notifyCircleSuggestions(tx: Executor, userId: string, suggestions: { circle: SuggestedCircle; interest: string }[]): Promise<void> {
  await notify(
    tx,
    suggestions.map(({ circle, interest }) => ({
      userId,
      type: 'circle_suggestion' as const,
      actorId: null,
      title: `${circle.name} matches your interest in ${interest}`,
      description: `A ${circle.category} circle with ${circle.memberCount} ${circle.memberCount === 1 ? 'member' : 'members'}.`,
      actionText: 'Join Circle',
      link: `/community/circles/${circle.id}`,
      groupKey: `circle_suggestion:${circle.id}`,
    })),
  );
}
