import { sql, type Transaction } from '@rapport/db';
import type { Deps } from '../../../deps';
import { AppError } from '../../../errors';
import { writeWithEvents } from '../../../realtime/commit';
import type { MessageView } from '../../../schemas/chat';
import { selectRows } from '../../../sql-rows';
import type { Actor } from '../../auth/sessions';
import { messageJson, messageRow } from '../message-json';
import { changedMeanwhile, messageAccess } from './access';
import { messageFor } from './get';

/**
 * Deletes a message, leaving a tombstone that keeps its place (id, seq,
 * sender, time): the sender may, and so may a group's owner or admins. The
 * content is erased from the row itself, not only hidden, and its reactions
 * go with it. Deleting again returns the same tombstone. Deleting one's own
 * message stays possible after a block: it only takes one's words back.
 */
export async function deleteMessage(deps: Deps, actor: Actor, input: { messageId: string }): Promise<MessageView> {
  const me = actor.userId;
  const deleted = await writeWithEvents(deps, (tx) => tombstone(tx, me, input.messageId));
  if (deleted) return deleted;
  const access = await messageAccess(deps.db, input.messageId, me);
  const moderator = access.conversationKind === 'group' && (access.role === 'owner' || access.role === 'admin');
  if (access.kind === 'system') throw new AppError('FORBIDDEN', 'System messages record what happened and cannot be deleted.');
  if (access.kind === 'session_request') {
    throw new AppError('FORBIDDEN', 'A session request stays in the conversation; cancel the request instead of deleting its message.');
  }
  if (access.senderId !== me && !moderator) {
    throw new AppError('FORBIDDEN', 'Only the sender, or an owner or admin of the group, can delete this message.');
  }
  if (access.deleted) return messageFor(deps.db, input.messageId, me);
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
        where m.id = ${messageId} and c.id = m.conversation_id and m.deleted_at is null and m.kind not in ('system', 'session_request')
          and (m.sender_id = ${me} or (c.kind = 'group' and cm.role in ('owner', 'admin')))
        returning m.*
      ),
      logged as (
        insert into events (type, conversation_id, actor_id, payload)
        select 'message.deleted', x.conversation_id, ${me}::uuid, jsonb_build_object('messageId', x.id, 'seq', x.seq) from deleted x
      )
      select ${messageJson('x')} as message from deleted x`,
    messageRow,
  );
  if (!row) return null;
  await tx.execute(sql`delete from message_reactions where message_id = ${messageId}`);
  return row.message;
}
