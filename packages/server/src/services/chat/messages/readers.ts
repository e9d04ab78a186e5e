import { sql, type Database } from '@rapport/db';
import { z } from 'zod';
import type { Actor } from '../../../domain/sessions';
import { selectRows } from '../../../domain/sql-rows';
import { notFound } from '../../../errors';
import type { ConversationIdInput } from '../../../schemas/chat/conversations';
import type { ReaderView } from '../../../schemas/chat/messages';
import { isMemberOf } from '../access';

const row = z.object({ user_id: z.string(), last_read_seq: z.coerce.number(), last_read_at: z.string().nullable() });

/**
 * How far each member has read, furthest first. A group has at most
 * LIMITS.groupMembers members, so the list is whole rather than paged. The
 * actor is always among them: no rows means a stranger asked.
 */
export async function readers(db: Database, actor: Actor, input: ConversationIdInput): Promise<ReaderView[]> {
  const rows = await selectRows(
    db,
    sql`select cm.user_id, cm.last_read_seq,
        to_char(cm.last_read_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') as last_read_at
      from conversation_members cm
      where cm.conversation_id = ${input.conversationId} and ${isMemberOf(sql`cm.conversation_id`, actor.userId)}
      order by cm.last_read_seq desc, cm.user_id`,
    row,
  );
  if (rows.length === 0) throw notFound('Conversation');
  return rows.map((r) => ({ userId: r.user_id, lastReadSeq: r.last_read_seq, lastReadAt: r.last_read_at }));
}
