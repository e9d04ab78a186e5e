import { sql, type Database, type Executor } from '@rapport/db';
import { messageJson, messageRow } from '../../../domain/messages';
import type { Actor } from '../../../domain/sessions';
import { selectRows } from '../../../domain/sql-rows';
import { notFound } from '../../../errors';
import type { MessageIdInput, MessageView } from '../../../schemas/chat/messages';
import { isMemberOf } from '../access';

/** One message by id (a tombstone if it was deleted), for members of its conversation only. */
export function getMessage(db: Database, actor: Actor, input: MessageIdInput): Promise<MessageView> {
  return messageFor(db, input.messageId, actor.userId);
}

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
