import type { inferRouterInputs, inferRouterOutputs } from '@trpc/server';
import type { AppRouter } from './router';

type Outputs = inferRouterOutputs<AppRouter>['community']['notifications'];
type Inputs = inferRouterInputs<AppRouter>['community']['notifications'];

/**
 * One notification: what happened, who did it (the newest few, and how many
 * in all), and where the app goes (`link`). Not `Notification`, which is the
 * browser's own.
 */
export type NotificationView = Outputs['list']['items'][number];
export type NotificationType = NotificationView['type'];
export type NotificationPriority = NotificationView['priority'];
/** One kind of notification and whether the user mutes it. */
export type NotificationPreference = Outputs['setPreference'];
/** After markRead or markAllRead: how many were marked, and the unread count now. */
export type NotificationsMarked = Outputs['markAllRead'];
export type NotificationListInput = Inputs['list'];
