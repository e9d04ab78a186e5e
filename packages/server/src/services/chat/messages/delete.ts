import { sql, type Database, type Transaction } from '@rapport/db';
import { writeWithEvents, type Publisher } from '../../../domain/events/publisher';
import { messageJson, messageRow } from '../../../domain/messages';
import type { Actor } from '../../../domain/sessions';
import { selectRows } from '../../../domain/sql-rows';
import { AppError } from '../../../errors';
import type { MessageIdInput, MessageView } from '../../../schemas/chat/messages';
import { changedMeanwhile, messageAccess } from './access';
import { messageFor } from './get';
import { logActorRows } from './logged-statement';

/**
 * Deletes a message, leaving a tombstone that keeps its place (id, seq,
 * sender, time): the sender may, and so may a group's owner or admins. The
 * content is erased from the row itself, not only hidden, and its reactions
 * go with it. Deleting again returns the same tombstone. Deleting one's own
 * message stays possible after a block: it only takes one's words back.
 */
export async function deleteMessage(db: Database, actor: Actor, input: MessageIdInput, { events }: { events: Publisher }): Promise<MessageView> {
  const me = actor.userId;
  const deleted = await writeWithEvents(db, events, (tx) => tombstone(tx, me, input.messageId));
  if (deleted) return deleted;
  const access = await messageAccess(db, input.messageId, me);
  const moderator = access.conversationKind === 'group' && (access.role === 'owner' || access.role === 'admin');
  if (access.kind === 'system') throw new AppError('FORBIDDEN', 'System messages record what happened and cannot be deleted.');
  if (access.kind === 'session_request') {
    throw new AppError('FORBIDDEN', 'A session request stays in the conversation; cancel the request instead of deleting its message.');
  }
  if (access.kind === 'invitation') throw new AppError('FORBIDDEN', 'An invitation card records the invitation and cannot be deleted.');
  if (access.senderId !== me && !moderator) {
    throw new AppError('FORBIDDEN', 'Only the sender, or an owner or admin of the group, can delete this message.');
  }
  if (access.deleted) return messageFor(db, input.messageId, me);
  throw changedMeanwhile();
}

/**
 * The guarded update takes the message's row lock; the reactions are removed
 * by a second statement, after it. `react` takes the same lock before adding
 * one, so a reaction either committed before (and this statement sees it) or
 * waits and then finds the message deleted: none survive the tombstone.
 */
async function tombstone(tx: Transaction, me: string, messageId: string): Promise<MessageView | null> {
  const [row] = await selectRows(
    tx,
    sql`with deleted as (
        update messages m
        set deleted_at = now(), body = null, attachments = '[]'::jsonb, location = null, metadata = null
        from conversations c
        join conversation_members cm on cm.conversation_id = c.id and cm.user_id = ${me}
        where m.id = ${messageId} and c.id = m.conversation_id and m.deleted_at is null and m.kind not in ('system', 'session_request', 'invitation')
          and (m.sender_id = ${me} or (c.kind = 'group' and cm.role in ('owner', 'admin')))
        returning m.*
      ),
      logged as (${logActorRows('message.deleted', sql`deleted`, me, { messageId: sql`x.id`, seq: sql`x.seq` })})
      select ${messageJson('x')} as message from deleted x`,
    messageRow,
  );
  if (!row) return null;
  await tx.execute(sql`delete from message_reactions where message_id = ${messageId}`);
  return row.message;
}
