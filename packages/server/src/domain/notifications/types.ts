import type { notificationType as notificationTypeEnum } from '@rapport/db';
import { NOTIFICATION_TYPES } from '../../schemas/notifications';
import type { SameValues } from '../same-values';

/** What a notification is about: the pg enum `notification_type`. */
export type NotificationType = (typeof NOTIFICATION_TYPES)[number];
export type NotificationPriority = 'high' | 'medium' | 'low';

const sameTypes: SameValues<(typeof notificationTypeEnum.enumValues)[number], NotificationType> = true;
void sameTypes;

/**
 * How much each type asks for attention, in one table: a person waiting on
 * an answer is high; news about one's own things is medium; suggestions low.
 */
export const PRIORITY: Record<NotificationType, NotificationPriority> = {
  friend_request: 'high',
  friend_accepted: 'medium',
  invitation_received: 'high',
  invitation_answered: 'medium',
  session_request_received: 'high',
  session_request_answered: 'high',
  removed_from_group: 'medium',
  waitlist_promoted: 'high',
  post_reply: 'medium',
  post_reaction: 'low',
  mention: 'medium',
  circle_suggestion: 'low',
};
