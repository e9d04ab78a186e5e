import { sql, type Executor } from '@rapport/db';
import { z } from 'zod';
import type { Actor } from '../../domain/sessions';
import { selectRows } from '../../domain/sql-rows';
import type { UnreadCountOutput } from '../../schemas/notifications';

const countRow = z.object({ unread: z.coerce.number() });

/** One row, kept by the trigger notifications_keep_count; none yet is none unread. */
export async function readUnread(db: Executor, userId: string): Promise<number> {
  const [row] = await selectRows(db, sql`select unread from notification_counts where user_id = ${userId}`, countRow);
  return row?.unread ?? 0;
}

const versionedRow = z.object({ unread: z.coerce.number(), version: z.coerce.number() });

/** My unread count, the badge: the same on every device, with the version events are compared by. */
export async function unreadCount(db: Executor, actor: Actor): Promise<UnreadCountOutput> {
  const [row] = await selectRows(db, sql`select unread, version from notification_counts where user_id = ${actor.userId}`, versionedRow);
  return { unread: row?.unread ?? 0, version: row?.version ?? 0 };
}
