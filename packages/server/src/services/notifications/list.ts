import { sql, type Database } from '@rapport/db';
import type { Actor } from '../../domain/sessions';
import { selectRows } from '../../domain/sql-rows';
import { notificationJson, notificationRow } from '../../domain/notifications/view';
import { decodeCursor, pastPosition, timeIdCursor, toPage, type Page } from '../../pagination';
import type { ListNotificationsInput, NotificationView } from '../../schemas/notifications';

/**
 * My notifications, newest-updated first (a grouped repeat moves its
 * notification up), all or only the unread: keyset pages of
 * notifications_user_idx or, unread only, notifications_unread_idx, both on
 * (user_id, updated_at, id), so a page reads a page.
 */
export async function listNotifications(db: Database, actor: Actor, input: ListNotificationsInput): Promise<Page<NotificationView>> {
  const after = input.cursor ? decodeCursor(input.cursor, timeIdCursor) : null;
  const rows = await selectRows(
    db,
    sql`select ${notificationJson('n')} as notification
      from notifications n
      where n.user_id = ${actor.userId}
        ${input.unreadOnly ? sql`and n.read_at is null` : sql``}
        ${after ? sql`and ${pastPosition([sql`n.updated_at`, sql`n.id`], [after[0], after[1]], 'desc')}` : sql``}
      order by n.updated_at desc, n.id desc
      limit ${input.limit + 1}`,
    notificationRow,
  );
  return toPage(
    rows,
    input.limit,
    (r) => [r.notification.updatedAt, r.notification.id],
    (r) => r.notification,
  );
}
