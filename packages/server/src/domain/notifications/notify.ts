import { sql, type Executor, type SQL } from '@rapport/db';
import { z } from 'zod';
import { LIMITS } from '../../limits';
import { notificationView } from '../../schemas/notifications';
import { blockedEitherWay } from '../blocks';
import { logEvents } from '../events/log-statement';
import { selectRows } from '../sql-rows';
import { PRIORITY, type NotificationPriority, type NotificationType } from './types';
import { notificationJson } from './view';

export type { NotificationType } from './types';

export interface NotificationInput {
  /** Who is notified. */
  userId: string;
  type: NotificationType;
  /** Who caused it (null: the system); a blocked actor never notifies. */
  actorId: string | null;
  /** By default the type's (PRIORITY in ./types). */
  priority?: NotificationPriority;
  /** Starts with the actor's name ("Ada reacted to your post"), so a grouped repeat can say "Ada and 3 others reacted to your post". */
  title: string;
  description: string;
  actionText: string;
  /** App path, e.g. `/community/circles/${id}/posts/${postId}`. */
  link: string;
  /** Repeats with the same key group into the user's unread notification of that key. */
  groupKey?: string;
}

const written = z.object({
  created: z.boolean(),
  user_id: z.uuid(),
  actor_id: z.uuid().nullable(),
  notification: notificationView,
});

/**
 * Inside the caller's transaction: writes the notifications (skipping muted
 * types, self and blocked actors) and their events, so they commit or vanish
 * with the change. Two statements whatever the list's length: one insert of
 * the whole list, whose conflict on the unread group key (the partial unique
 * index notifications_unread_group_key) groups a repeat into the unread one,
 * also when repeats race; then the events, each with the unread count the
 * trigger notifications_keep_count left, read after it ran.
 */
export async function notify(tx: Executor, list: NotificationInput[]): Promise<void> {
  const rows = distinctGroups(list).map((n) => ({
    user_id: n.userId,
    type: n.type,
    actor_id: n.actorId,
    priority: n.priority ?? PRIORITY[n.type],
    title: n.title,
    description: n.description,
    action_text: n.actionText,
    link: n.link,
    group_key: n.groupKey ?? null,
  }));
  if (rows.length === 0) return;
  const saved = await selectRows(tx, writeStatement(JSON.stringify(rows)), written);
  if (saved.length === 0) return;
  await tx.execute(eventsStatement(JSON.stringify(saved)));
}

/**
 * One insert cannot touch a row twice, so of several repeats of one key for
 * one user in a list only the last is written (the newest cause).
 */
function distinctGroups(list: NotificationInput[]): NotificationInput[] {
  const byKey = new Map<string, NotificationInput>();
  const loose: NotificationInput[] = [];
  for (const n of list) {
    if (n.groupKey === undefined) loose.push(n);
    else byKey.set(JSON.stringify([n.userId, n.groupKey]), n);
  }
  return [...loose, ...byKey.values()];
}

// The repeat's actor, if any: excluded is the row the insert proposed.
const repeatActor = sql.raw(`excluded.actor_ids[1]`);
const isNewActor = sql`(cardinality(excluded.actor_ids) = 1 and not (${repeatActor} = any(n.actor_ids)))`;
const grouped = sql`n.actor_count + case when ${isNewActor} then 1 else 0 end`;

/**
 * "Ada and 3 others reacted to your post" from the repeat's own title, which
 * starts with its actor's name; a title that does not is kept as given.
 */
const groupedTitle = sql`case when ${grouped} <= 1 or cardinality(excluded.actor_ids) = 0 then excluded.title
  else coalesce((
    select u.name || ' and ' || (${grouped} - 1) || case when ${grouped} - 1 = 1 then ' other' else ' others' end
      || substr(excluded.title, length(u.name) + 1)
    from users u where u.id = ${repeatActor} and left(excluded.title, length(u.name)) = u.name), excluded.title) end`;

function writeStatement(json: string): SQL {
  return sql`with input as (
      select * from jsonb_to_recordset(${json}::jsonb) as x(user_id uuid, type notification_type, actor_id uuid,
        priority notification_priority, title text, description text, action_text text, link text, group_key text)
    ),
    kept as (
      select i.* from input i
      where (i.actor_id is null or (i.actor_id <> i.user_id and not ${blockedEitherWay(sql`i.actor_id`, sql`i.user_id`)}))
        and not exists (select 1 from notification_preferences p where p.user_id = i.user_id and p.type = i.type and p.muted)
    ),
    written as (
      insert into notifications as n (user_id, type, priority, title, description, action_text, link, group_key, actor_ids)
      select user_id, type, priority, title, description, action_text, link, group_key,
        case when actor_id is null then '{}'::uuid[] else array[actor_id] end
      from kept
      on conflict (user_id, group_key) where read_at is null and group_key is not null do update set
        actor_ids = case when cardinality(excluded.actor_ids) = 0 then n.actor_ids
          else (excluded.actor_ids || array_remove(n.actor_ids, ${repeatActor}))[1:${LIMITS.notificationActorsKept}] end,
        actor_count = ${grouped},
        title = ${groupedTitle},
        priority = excluded.priority,
        description = excluded.description,
        action_text = excluded.action_text,
        link = excluded.link,
        updated_at = now()
      returning n.*, (n.xmax = 0) as created
    )
    select w.created, w.user_id,
      case when w.group_key is null then w.actor_ids[1] else k.actor_id end as actor_id,
      ${notificationJson('w')} as notification
    from written w
    left join kept k on k.user_id = w.user_id and k.group_key = w.group_key`;
}

/** The events of what was written, each with its user's unread count as it now stands. */
function eventsStatement(json: string): SQL {
  const from = (created: boolean) => sql`jsonb_to_recordset(${json}::jsonb) as x(created boolean, user_id uuid, actor_id uuid, notification jsonb)
    left join notification_counts c on c.user_id = x.user_id
    where x.created = ${created}`;
  const event = (created: boolean) =>
    logEvents({
      type: created ? 'notification.created' : 'notification.updated',
      from: from(created),
      audience: sql`array[x.user_id]`,
      actorId: sql`x.actor_id`,
      payload: { notification: sql`x.notification`, unread: sql`coalesce(c.unread, 0)`, unreadVersion: sql`coalesce(c.version, 0)` },
    });
  return sql`with created as (${event(true)}), updated as (${event(false)}) select 1`;
}
