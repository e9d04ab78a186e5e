import { sql, type Database } from '@rapport/db';
import { z } from 'zod';
import { blockedEitherWay } from '../../domain/blocks';
import type { Actor } from '../../domain/sessions';
import { selectRows } from '../../domain/sql-rows';
import { notFound } from '../../errors';
import type { ConnectionStats, ConnectionStatsInput } from '../../schemas/connection';

const countsRow = z.object({
  visible: z.boolean(),
  followers: z.coerce.number(),
  following: z.coerce.number(),
  friends: z.coerce.number(),
  pending_received: z.coerce.number(),
  pending_sent: z.coerce.number(),
  blocked: z.coerce.number(),
});

/** Public counts for anyone visible to the actor; pending and blocked counts only for oneself. */
export async function getConnectionStats(db: Database, actor: Actor, input: ConnectionStatsInput): Promise<ConnectionStats> {
  const subject = input.userId ?? actor.userId;
  const own = subject === actor.userId;
  const [row] = await selectRows(
    db,
    sql`
      select
        exists (select 1 from users where id = ${subject}) and not ${blockedEitherWay(subject, actor.userId)} as visible,
        count(*) filter (where type = 'follow' and addressee_id = ${subject}) as followers,
        count(*) filter (where type = 'follow' and requester_id = ${subject}) as following,
        count(*) filter (where type = 'friend' and status = 'accepted') as friends,
        count(*) filter (where type = 'friend' and status = 'pending' and addressee_id = ${subject}) as pending_received,
        count(*) filter (where type = 'friend' and status = 'pending' and requester_id = ${subject}) as pending_sent,
        count(*) filter (where type = 'block' and requester_id = ${subject}) as blocked
      from connections
      where requester_id = ${subject} or addressee_id = ${subject}`,
    countsRow,
  );
  if (!row || (!own && !row.visible)) throw notFound('User');
  return {
    followers: row.followers,
    following: row.following,
    friends: row.friends,
    pendingReceived: own ? row.pending_received : null,
    pendingSent: own ? row.pending_sent : null,
    blocked: own ? row.blocked : null,
  };
}
