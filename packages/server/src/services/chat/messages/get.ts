import { sql, type Executor } from '@rapport/db';
import { notFound } from '../../../errors';
import type { MessageView } from '../../../schemas/chat';
import { selectRows } from '../../../sql-rows';
import { isMemberOf } from '../access';
import { messageJson, messageRow } from '../message-json';

/** One message by id, for members of its conversation only; NOT_FOUND for everyone else. */
export async function messageFor(db: Executor, messageId: string, viewerId: string): Promise<MessageView> {
  const [row] = await selectRows(
    db,
    sql`select ${messageJson('m')} as message from messages m where m.id = ${messageId} and ${isMemberOf(sql`m.conversation_id`, viewerId)}`,
    messageRow,
  );
  if (!row) throw notFound('Message');
  return row.message;
}
