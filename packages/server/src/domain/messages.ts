import { sql, type SQL } from '@rapport/db';
import { z } from 'zod';
import { messageView } from '../schemas/chat/messages';
import { isoText } from './sql-rows';

/**
 * A message as the API shows it, built in SQL so that history, search, the
 * send statement and the event tailer all produce exactly the same shape. A
 * deleted message keeps its place (id, seq, sender, time) and loses its content.
 */
export function messageJson(alias: string): SQL {
  const m = (column: string) => `${alias}.${column}`;
  return sql.raw(`jsonb_build_object(
    'id', ${m('id')},
    'conversationId', ${m('conversation_id')},
    'seq', ${m('seq')},
    'senderId', ${m('sender_id')},
    'kind', ${m('kind')},
    'body', case when ${m('deleted_at')} is null then ${m('body')} end,
    'attachments', case when ${m('deleted_at')} is null then ${m('attachments')} else '[]'::jsonb end,
    'location', case when ${m('deleted_at')} is null then ${m('location')} end,
    'metadata', case when ${m('deleted_at')} is null then ${m('metadata')} end,
    'replyToId', ${m('reply_to_id')},
    'clientKey', ${m('client_key')},
    'editedAt', ${isoText(m('edited_at'))},
    'deletedAt', ${isoText(m('deleted_at'))},
    'createdAt', ${isoText(m('created_at'))},
    'reactions', case when ${m('deleted_at')} is null then coalesce((
      select jsonb_agg(jsonb_build_object('emoji', r.emoji, 'userIds', r.user_ids) order by r.first_at, r.emoji)
      from (
        select mr.emoji, array_agg(mr.user_id order by mr.created_at, mr.user_id) as user_ids, min(mr.created_at) as first_at
        from message_reactions mr where mr.message_id = ${m('id')} group by mr.emoji
      ) r), '[]'::jsonb) else '[]'::jsonb end
  )`);
}

/** Rows that carry a message built by messageJson; drivers hand jsonb back parsed. */
export const messageRow = z.object({ message: messageView });

