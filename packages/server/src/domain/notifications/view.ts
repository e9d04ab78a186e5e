import { sql, type SQL } from '@rapport/db';
import { z } from 'zod';
import { notificationView } from '../../schemas/notifications';
import { isoText } from '../sql-rows';

/**
 * A notification as the API shows it, built in SQL so that the list and the
 * events notify() writes carry exactly the same shape. `alias` names a row
 * with the notifications table's columns (the table, or a RETURNING of it).
 * Actors are previewed newest first, as kept; a deleted account drops out.
 */
export function notificationJson(alias: string): SQL {
  const n = (column: string) => `${alias}.${column}`;
  return sql.raw(`jsonb_build_object(
    'id', ${n('id')},
    'type', ${n('type')},
    'priority', ${n('priority')},
    'title', ${n('title')},
    'description', ${n('description')},
    'actionText', ${n('action_text')},
    'link', ${n('link')},
    'actors', coalesce((
      select jsonb_agg(jsonb_build_object('id', u.id, 'name', u.name, 'avatarUrl', u.avatar_url) order by a.ord)
      from unnest(${n('actor_ids')}) with ordinality a(id, ord) join users u on u.id = a.id), '[]'::jsonb),
    'actorCount', ${n('actor_count')},
    'read', ${n('read_at')} is not null,
    'createdAt', ${isoText(n('created_at'))},
    'updatedAt', ${isoText(n('updated_at'))}
  )`);
}

/** Rows that carry a notification built by notificationJson; drivers hand jsonb back parsed. */
export const notificationRow = z.object({ notification: notificationView });
