import { pageOutput } from '../../pagination';
import {
  listNotificationsInput,
  markReadOutput,
  notificationPreference,
  notificationPreferences,
  notificationRefInput,
  notificationView,
  setNotificationPreferenceInput,
  unreadCountOutput,
} from '../../schemas/notifications';
import { unreadCount } from '../../services/notifications/count';
import { listNotifications } from '../../services/notifications/list';
import { markAllRead, markRead } from '../../services/notifications/mark-read';
import { getPreferences, setPreference } from '../../services/notifications/preferences';
import { protectedProcedure, router } from '../../trpc';
import { serve, serveWith, withEvents } from '../procedure';
import { restRoutes } from '../rest-route';

const rest = restRoutes('community');

/** One feed of what happened that concerns me, its unread badge, and which kinds I mute. */
export const notificationsRouter = router({
  list: protectedProcedure
    .meta(rest('GET', '/notifications', 'My notifications, newest first; all or only the unread.'))
    .input(listNotificationsInput)
    .output(pageOutput(notificationView))
    .query(serve(listNotifications)),

  unreadCount: protectedProcedure
    .meta(rest('GET', '/notifications/unread-count', 'How many of my notifications are unread: the badge.'))
    .output(unreadCountOutput)
    .query(serve(unreadCount)),

  markRead: protectedProcedure
    .meta(rest('POST', '/notifications/{notificationId}/read', 'Marks one of my notifications read; every device of mine hears it.'))
    .input(notificationRefInput)
    .output(markReadOutput)
    .mutation(serveWith(markRead, withEvents)),

  markAllRead: protectedProcedure
    .meta(rest('POST', '/notifications/read', 'Marks all my notifications read; every device of mine hears it.'))
    .output(markReadOutput)
    .mutation(serveWith(markAllRead, withEvents)),

  preferences: protectedProcedure
    .meta(rest('GET', '/notifications/preferences', 'Every kind of notification, and whether I mute it.'))
    .output(notificationPreferences)
    .query(serve(getPreferences)),

  setPreference: protectedProcedure
    .meta(rest('PUT', '/notifications/preferences/{type}', 'Mutes or unmutes one kind of notification.'))
    .input(setNotificationPreferenceInput)
    .output(notificationPreference)
    .mutation(serve(setPreference)),
});
