import { sql, type Database, type Transaction } from '@rapport/db';
import { z } from 'zod';
import { logEvents } from '../../domain/events/log-statement';
import { writeWithEvents, type Publisher } from '../../domain/events/publisher';
import type { Actor } from '../../domain/sessions';
import { selectRows } from '../../domain/sql-rows';
import { notFound } from '../../errors';
import type { MarkReadOutput, NotificationRefInput } from '../../schemas/notifications';
import { readUnread } from './count';

const markedRow = z.object({ found: z.boolean(), marked: z.coerce.number() });
const countRow = z.object({ unread: z.coerce.number() });

/**
 * Tells every device of mine what was read, with the count it leaves. Read
 * after the update, whose trigger has moved (and locked) my count row, so it
 * is the count this transaction commits.
 */
async function announce(tx: Transaction, me: string, notificationIds: string[], all: boolean): Promise<number> {
  const [row] = await selectRows(
    tx,
    sql`with c as (select coalesce(max(unread), 0) as unread, coalesce(max(version), 0) as version from notification_counts where user_id = ${me}),
      logged as (${logEvents({
        type: 'notifications.read',
        from: sql`c`,
        audience: sql`array[${me}]::uuid[]`,
        actorId: sql`${me}`,
        payload: { notificationIds: sql`${JSON.stringify(notificationIds)}::jsonb`, all: sql`${all}::boolean`, unread: sql`c.unread`, unreadVersion: sql`c.version` },
      })})
      select unread from c`,
    countRow,
  );
  return row?.unread ?? 0;
}

/**
 * Marks one of my notifications read. Someone else's is NOT_FOUND, like one
 * that does not exist; one already read is left as it is (no event), so a
 * retry, or two devices at once, change the count once.
 */
export async function markRead(db: Database, actor: Actor, input: NotificationRefInput, { events }: { events: Publisher }): Promise<MarkReadOutput> {
  const me = actor.userId;
  return writeWithEvents(db, events, async (tx) => {
    const [row] = await selectRows(
      tx,
      sql`with marked as (
          update notifications set read_at = now()
          where id = ${input.notificationId} and user_id = ${me} and read_at is null
          returning id)
        select exists (select 1 from notifications where id = ${input.notificationId} and user_id = ${me}) as found,
          (select count(*) from marked) as marked`,
      markedRow,
    );
    if (!row?.found) throw notFound('Notification');
    if (row.marked === 0) return { unread: await readUnread(tx, me), marked: 0 };
    return { unread: await announce(tx, me, [input.notificationId], false), marked: row.marked };
  });
}

/** Marks every one of mine read (along notifications_unread_idx); the count is 0 after it unless one arrived meanwhile. */
export async function markAllRead(db: Database, actor: Actor, _input: unknown, { events }: { events: Publisher }): Promise<MarkReadOutput> {
  const me = actor.userId;
  return writeWithEvents(db, events, async (tx) => {
    const [row] = await selectRows(
      tx,
      sql`with marked as (update notifications set read_at = now() where user_id = ${me} and read_at is null returning id)
        select true as found, (select count(*) from marked) as marked`,
      markedRow,
    );
    const marked = row?.marked ?? 0;
    if (marked === 0) return { unread: await readUnread(tx, me), marked: 0 };
    return { unread: await announce(tx, me, [], true), marked };
  });
}
