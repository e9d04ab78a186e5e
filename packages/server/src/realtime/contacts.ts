import { sql, type Executor, type SQL } from '@rapport/db';
import { z } from 'zod';
import { blockedEitherWay } from '../domain/blocks';
import { selectRows } from '../domain/sql-rows';

/**
 * The people who may see a user's presence: anyone they share a conversation
 * with, and their friends, minus anyone blocked either way.
 */
function contactsOf(userId: string): SQL {
  return sql`(
    select cm2.user_id as contact_id from conversation_members cm1
      join conversation_members cm2 on cm2.conversation_id = cm1.conversation_id
      where cm1.user_id = ${userId} and cm2.user_id <> ${userId}
    union
    select case when c.requester_id = ${userId} then c.addressee_id else c.requester_id end
      from connections c
      where c.type = 'friend' and c.status = 'accepted' and (c.requester_id = ${userId} or c.addressee_id = ${userId})
  )`;
}

const contactRow = z.object({ contact_id: z.string() });

export async function presenceAudience(db: Executor, userId: string): Promise<string[]> {
  const rows = await selectRows(
    db,
    sql`select distinct k.contact_id from ${contactsOf(userId)} k where not ${blockedEitherWay(sql`k.contact_id`, userId)}`,
    contactRow,
  );
  return rows.map((r) => r.contact_id);
}

const visibleRow = z.object({ id: z.string(), last_seen_at: z.coerce.date().nullable() });

/** Of the given users, those the viewer may see the presence of, with their last-seen time. */
export async function visiblePresence(db: Executor, viewerId: string, userIds: string[]): Promise<z.infer<typeof visibleRow>[]> {
  if (userIds.length === 0) return [];
  return selectRows(
    db,
    sql`select u.id, u.last_seen_at from users u
      where u.id in (select k.contact_id from ${contactsOf(viewerId)} k)
        and u.id in ${sql`(${sql.join(
          userIds.map((id) => sql`${id}`),
          sql`, `,
        )})`}
        and not ${blockedEitherWay(sql`u.id`, viewerId)}`,
    visibleRow,
  );
}
