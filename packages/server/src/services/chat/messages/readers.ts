import { sql, type Executor } from '@rapport/db';
import { z } from 'zod';
import { notFound } from '../../../errors';
import { selectRows } from '../../../sql-rows';
import { isMemberOf } from '../access';

export interface Reader {
  userId: string;
  lastReadSeq: number;
  lastReadAt: string | null;
}

const row = z.object({ user_id: z.string(), last_read_seq: z.coerce.number(), last_read_at: z.string().nullable() });

/**
 * How far each member has read, furthest first. A group has at most
 * LIMITS.groupMembers members, so the list is whole rather than paged. The
 * viewer is always among them: no rows means a stranger asked.
 */
export async function readers(db: Executor, viewerId: string, input: { conversationId: string }): Promise<Reader[]> {
  const rows = await selectRows(
    db,
    sql`select cm.user_id, cm.last_read_seq,
        to_char(cm.last_read_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') as last_read_at
      from conversation_members cm
      where cm.conversation_id = ${input.conversationId} and ${isMemberOf(sql`cm.conversation_id`, viewerId)}
      order by cm.last_read_seq desc, cm.user_id`,
    row,
  );
  if (rows.length === 0) throw notFound('Conversation');
  return rows.map((r) => ({ userId: r.user_id, lastReadSeq: r.last_read_seq, lastReadAt: r.last_read_at }));
}
