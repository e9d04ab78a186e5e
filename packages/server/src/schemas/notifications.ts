import { z } from 'zod';
import { pageInput, timeIdCursor } from '../pagination';
import { personPreview } from './user';

const isoTime = z.iso.datetime();

/**
 * What a notification is about: the pg enum `notification_type`, value for
 * value (domain/notifications/types.ts holds the two together by type).
 */
export const NOTIFICATION_TYPES = [
  'friend_request',
  'friend_accepted',
  'invitation_received',
  'invitation_answered',
  'session_request_received',
  'session_request_answered',
  'removed_from_group',
  'waitlist_promoted',
  'post_reply',
  'post_reaction',
  'mention',
  'circle_suggestion',
] as const;
export const notificationType = z.enum(NOTIFICATION_TYPES);
export const notificationPriority = z.enum(['high', 'medium', 'low']);

export const notificationView = z.object({
  id: z.uuid(),
  type: notificationType,
  priority: notificationPriority,
  /** "Ada and 3 others reacted to your post": regenerated as repeats are grouped in. */
  title: z.string(),
  description: z.string(),
  /** What the app's button says: "View request". */
  actionText: z.string(),
  /** The app path it opens, e.g. /connections/requests or /invitations/<id>. */
  link: z.string(),
  /** The most recent actors, newest first (a few; actorCount says how many in all). */
  actors: z.array(personPreview),
  actorCount: z.number().int(),
  read: z.boolean(),
  createdAt: isoTime,
  /** Moves when a repeat is grouped in; the list is in this order, newest first. */
  updatedAt: isoTime,
});
export type NotificationView = z.infer<typeof notificationView>;

export const listNotificationsInput = z.strictObject({
  /** Only those not yet read. */
  unreadOnly: z.boolean().default(false),
  ...pageInput(timeIdCursor),
});
export type ListNotificationsInput = z.output<typeof listNotificationsInput>;

export const notificationRefInput = z.strictObject({ notificationId: z.uuid() });
export type NotificationRefInput = z.output<typeof notificationRefInput>;

/**
 * The badge, and the version of the count: every notification event carries
 * both, and a device keeps the count with the highest version it has seen.
 */
export const unreadCountOutput = z.object({ unread: z.number().int(), version: z.number().int() });
export type UnreadCountOutput = z.infer<typeof unreadCountOutput>;

/** After marking: how many this call marked (0 when they were read already) and the unread count now. */
export const markReadOutput = z.object({ unread: z.number().int(), marked: z.number().int() });
export type MarkReadOutput = z.infer<typeof markReadOutput>;

export const notificationPreference = z.object({ type: notificationType, muted: z.boolean() });
export type NotificationPreference = z.infer<typeof notificationPreference>;

export const notificationPreferences = z.object({ preferences: z.array(notificationPreference) });
export type NotificationPreferences = z.infer<typeof notificationPreferences>;

export const setNotificationPreferenceInput = z.strictObject({ type: notificationType, muted: z.boolean() });
export type SetNotificationPreferenceInput = z.output<typeof setNotificationPreferenceInput>;
