import { z } from 'zod';
import { memberRoleOutput } from './chat/conversations';
import { messageView } from './chat/messages';
import { postView } from './circle-posts';
import { circleCategory, circleRole } from './circles';
import { invitationStatus } from './invitations';
import { notificationView } from './notifications';
import { sessionRequestStatus } from './session-requests/requests';

const at = z.iso.datetime();
const id = z.uuid();

/**
 * Everything `events.stream` delivers: one envelope, discriminated by `type`.
 * Durable events come from the event log; `typing` and `presence` are
 * ephemeral (never stored, never replayed); `resync` says the client's cursor
 * is older than the log keeps, so it must reload its state; `ready` comes once
 * the backfill is done (first thing on a fresh stream): from here on it is
 * live, and its id is a resume point even before any other event arrives.
 */
export const rapportEvent = z.discriminatedUnion('type', [
  z.object({ type: z.literal('message.created'), at, conversationId: id, message: messageView }),
  z.object({ type: z.literal('message.edited'), at, conversationId: id, message: messageView }),
  z.object({ type: z.literal('message.deleted'), at, conversationId: id, messageId: id, seq: z.number().int() }),
  z.object({ type: z.literal('reaction.added'), at, conversationId: id, messageId: id, userId: id, emoji: z.string() }),
  z.object({ type: z.literal('reaction.removed'), at, conversationId: id, messageId: id, userId: id, emoji: z.string() }),
  z.object({ type: z.literal('read.updated'), at, conversationId: id, userId: id, lastReadSeq: z.number().int() }),
  z.object({ type: z.literal('conversation.created'), at, conversationId: id, kind: z.enum(['direct', 'group']), byUserId: id }),
  z.object({
    type: z.literal('conversation.updated'),
    at,
    conversationId: id,
    title: z.string().nullable(),
    description: z.string().nullable(),
    byUserId: id,
  }),
  z.object({ type: z.literal('member.added'), at, conversationId: id, userId: id, role: memberRoleOutput, byUserId: id }),
  z.object({ type: z.literal('member.removed'), at, conversationId: id, userId: id, byUserId: id, left: z.boolean() }),
  z.object({ type: z.literal('member.role_changed'), at, conversationId: id, userId: id, role: memberRoleOutput, byUserId: id }),
  z.object({ type: z.literal('connection.followed'), at, connectionId: id, fromUserId: id }),
  z.object({ type: z.literal('connection.requested'), at, connectionId: id, fromUserId: id, message: z.string().nullable() }),
  z.object({ type: z.literal('connection.accepted'), at, connectionId: id, byUserId: id }),
  z.object({
    type: z.literal('session_request.created'),
    at,
    conversationId: id,
    requestId: id,
    requesterId: id,
    studentId: id,
    tutorId: id,
    packageId: id,
  }),
  z.object({
    type: z.literal('session_request.updated'),
    at,
    conversationId: id,
    requestId: id,
    status: sessionRequestStatus,
    byUserId: id,
    reason: z.string().nullable(),
  }),
  z.object({
    type: z.literal('family.updated'),
    at,
    parentId: id,
    childId: id,
    status: z.enum(['pending', 'accepted', 'removed']),
    byUserId: id,
  }),
  // Activities: to their members (participants and the waitlist) or to the
  // host and the person concerned, as each says.
  z.object({
    type: z.literal('activity.updated'),
    at,
    activityId: id,
    /** Which of the fields members plan around changed. */
    changed: z.array(z.enum(['title', 'time', 'place', 'capacity', 'visibility', 'details'])),
    startsAt: at,
    endsAt: at,
    locationLabel: z.string(),
  }),
  z.object({ type: z.literal('activity.cancelled'), at, activityId: id, reason: z.string() }),
  z.object({ type: z.literal('activity.joined'), at, activityId: id, userId: id, status: z.enum(['participant', 'waitlisted']) }),
  z.object({ type: z.literal('activity.left'), at, activityId: id, userId: id, removed: z.boolean() }),
  /** A seat freed and the first in line has it now. */
  z.object({ type: z.literal('activity.promoted'), at, activityId: id, userId: id }),
  // Invitations: to the sender and the recipient.
  z.object({ type: z.literal('invitation.created'), at, invitationId: id, activityId: id, senderId: id, recipientId: id }),
  z.object({
    type: z.literal('invitation.updated'),
    at,
    invitationId: id,
    activityId: id,
    status: invitationStatus,
    byUserId: id.nullable(),
    reason: z.string().nullable(),
  }),
  /** To the rated person: someone who shared an activity with them rated them (or changed their rating). */
  z.object({ type: z.literal('rating.received'), at, activityId: id, raterId: id, ratedId: id, score: z.number().int() }),
  // Circles. Membership: to the member concerned (their other devices, and
  // the hub, which routes a circle's feed by who is in it). The feed and
  // changes to the circle: to its members who are connected.
  z.object({ type: z.literal('circle.joined'), at, circleId: id, userId: id, role: circleRole, byUserId: id }),
  z.object({ type: z.literal('circle.left'), at, circleId: id, userId: id, byUserId: id, removed: z.boolean() }),
  // A circle's feed. A post is joined at delivery (only its id is stored), so
  // an edit shows its latest text and a deleted post's never goes out again.
  z.object({ type: z.literal('circle.post.created'), at, circleId: id, post: postView }),
  z.object({ type: z.literal('circle.post.edited'), at, circleId: id, post: postView }),
  z.object({ type: z.literal('circle.post.deleted'), at, circleId: id, postId: id, parentId: id.nullable() }),
  z.object({ type: z.literal('circle.post.reacted'), at, circleId: id, postId: id, userId: id, emoji: z.string() }),
  z.object({ type: z.literal('circle.post.unreacted'), at, circleId: id, postId: id, userId: id, emoji: z.string() }),
  /** The circle as it is after an update, an archive or a restore. */
  z.object({
    type: z.literal('circle.updated'),
    at,
    circleId: id,
    name: z.string(),
    category: circleCategory,
    description: z.string(),
    imageUrl: z.string().nullable(),
    color: z.string(),
    archived: z.boolean(),
    byUserId: id,
  }),
  /** A member's role moved: made a moderator or a member again, or the circle handed over. */
  z.object({ type: z.literal('circle.role_changed'), at, circleId: id, userId: id, role: circleRole, byUserId: id }),
  // Notifications: to the notified user's every device, each with the unread
  // count it leaves and that count's version. Racing writes can arrive in
  // another order than their counts were made: a device shows the count of
  // the highest version it has seen (unreadCount gives one to start from).
  z.object({ type: z.literal('notification.created'), at, notification: notificationView, unread: z.number().int(), unreadVersion: z.number().int() }),
  /** A repeat grouped into an unread notification: its actors, count, title and time moved. */
  z.object({ type: z.literal('notification.updated'), at, notification: notificationView, unread: z.number().int(), unreadVersion: z.number().int() }),
  /** Some (or, with `all`, every one) of the user's notifications were read, on any device. */
  z.object({ type: z.literal('notifications.read'), at, notificationIds: z.array(id), all: z.boolean(), unread: z.number().int(), unreadVersion: z.number().int() }),
  z.object({ type: z.literal('typing'), at, conversationId: id, userId: id, expiresAt: at }),
  z.object({ type: z.literal('presence'), at, userId: id, online: z.boolean(), lastSeenAt: at.nullable() }),
  z.object({ type: z.literal('resync'), at, reason: z.string() }),
  z.object({ type: z.literal('ready'), at }),
]);
export type RapportEvent = z.infer<typeof rapportEvent>;
export type RapportEventType = RapportEvent['type'];
