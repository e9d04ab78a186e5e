import { messageKind, sql, type Executor, type SQL } from '@rapport/db';
import { logEvents } from '../../domain/events/log-statement';
import { conversationLock } from '../../domain/locks';
import { messageJson, messageRow } from '../../domain/messages';
import { selectRows } from '../../domain/sql-rows';
import type { Attachment, MessageView } from '../../schemas/chat/messages';

export interface MessageInsert {
  conversationId: string;
  senderId: string | null;
  /** Whose action the event records (for system messages, who caused them). */
  actorId: string | null;
  kind: (typeof messageKind.enumValues)[number];
  body: string | null;
  attachments: Attachment[];
  location: { latitude: number; longitude: number; label?: string | undefined } | null;
  metadata: Record<string, unknown> | null;
  replyToId: string | null;
  clientKey: string | null;
  /** A condition on the conversation `c` that must hold, checked under its row lock. */
  guard: SQL;
}

/**
 * Numbers, stores and logs a message in one statement (round trips dominate
 * a send's cost, and the conversation stays locked only for this
 * statement). The conversation lock is taken inside the statement before its
 * first write; inside a longer transaction the caller must already hold it
 * (lockConversation) before writing anything, or the log could order this
 * message after a later seq. With a client key already used by this sender, nothing is
 * written and the first message comes back. Returns no row when the guard
 * fails. Two concurrent first sends with one key: the loser's statement fails
 * on the unique key and rolls back whole, seq bump included, so numbering
 * stays dense; the caller then reads the winner.
 */
export async function insertMessage(db: Executor, m: MessageInsert): Promise<MessageView | null> {
  const existing =
    m.clientKey === null || m.senderId === null
      ? sql`select * from messages where false`
      : sql`select * from messages where sender_id = ${m.senderId} and client_key = ${m.clientKey}`;
  const [row] = await selectRows(
    db,
    sql`with existing as (${existing}),
      locked as (select ${conversationLock(m.conversationId)}),
      bumped as (
        update conversations c set last_seq = c.last_seq + 1, last_activity_at = now()
        where c.id = ${m.conversationId} and exists (select 1 from locked) and (${m.guard}) and not exists (select 1 from existing)
        returning c.id, c.last_seq
      ),
      inserted as (
        insert into messages (conversation_id, seq, sender_id, kind, body, attachments, location, metadata, reply_to_id, client_key)
        select b.id, b.last_seq, ${m.senderId}::uuid, ${m.kind}::message_kind, ${m.body}, ${JSON.stringify(m.attachments)}::jsonb,
          ${m.location === null ? null : JSON.stringify(m.location)}::jsonb, ${m.metadata === null ? null : JSON.stringify(m.metadata)}::jsonb,
          ${m.replyToId}::uuid, ${m.clientKey}
        from bumped b
        returning *
      ),
      members_moved as (
        -- Every member's copy of the latest activity (each one's conversation
        -- list is ordered by it), and the sender's read watermark: the sender
        -- has read what they sent. One update, since a statement may not
        -- change a row twice.
        update conversation_members cm set last_activity_at = now(),
          last_read_seq = case when cm.user_id = ${m.senderId}::uuid then greatest(cm.last_read_seq, i.seq) else cm.last_read_seq end,
          last_read_at = case when cm.user_id = ${m.senderId}::uuid and cm.last_read_seq < i.seq then now() else cm.last_read_at end
        from inserted i
        where cm.conversation_id = i.conversation_id
      ),
      logged as (${logEvents({
        type: 'message.created',
        from: sql`inserted i`,
        conversationId: sql`i.conversation_id`,
        actorId: sql`${m.actorId}`,
        payload: { messageId: sql`i.id` },
      })})
      select ${messageJson('i')} as message from inserted i
      union all
      select ${messageJson('e')} as message from existing e`,
    messageRow,
  );
  return row?.message ?? null;
}

/** The message a sender already sent with this key, if any. */
export async function messageByClientKey(db: Executor, senderId: string, clientKey: string): Promise<MessageView | null> {
  const [row] = await selectRows(
    db,
    sql`select ${messageJson('m')} as message from messages m where m.sender_id = ${senderId} and m.client_key = ${clientKey}`,
    messageRow,
  );
  return row?.message ?? null;
}
