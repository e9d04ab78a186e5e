import { sql, type Database, type Transaction } from '@rapport/db';
import { z } from 'zod';
import { logEvents } from '../../../domain/events/log-statement';
import { writeWithEvents, type Publisher } from '../../../domain/events/publisher';
import { messageJson, messageRow } from '../../../domain/messages';
import type { Actor } from '../../../domain/sessions';
import { selectRows } from '../../../domain/sql-rows';
import { AppError, notFound } from '../../../errors';
import { LIMITS } from '../../../limits';
import type { MessageView, ReactionInput } from '../../../schemas/chat/messages';
import { directNotBlocked, isMemberOf } from '../access';
import { closedByBlock } from './access';

const targetRow = z.object({ conversation_id: z.string(), deleted: z.boolean(), blocked: z.boolean() });
const addedRow = z.object({ added: z.boolean(), had: z.boolean() });

/**
 * Adds the actor's reaction. The primary key (message, user, emoji) makes a
 * repeat a no-op: fifty identical calls leave one row and one event. The cap
 * on distinct emojis per user and message is counted under the message's row
 * lock, so concurrent different emojis cannot overshoot it together.
 */
export async function react(db: Database, actor: Actor, input: ReactionInput, { events }: { events: Publisher }): Promise<MessageView> {
  return writeWithEvents(db, events, (tx) => addReaction(tx, actor.userId, input));
}

async function addReaction(tx: Transaction, me: string, { messageId, emoji }: ReactionInput): Promise<MessageView> {
  // Authorises the id and takes the lock in one query. NO KEY UPDATE: it
  // serialises reactors and deletes of this message without blocking the
  // foreign-key checks of unrelated inserts that reference it.
  const [target] = await selectRows(
    tx,
    sql`select m.conversation_id, m.deleted_at is not null as deleted, not ${directNotBlocked} as blocked
      from messages m join conversations c on c.id = m.conversation_id
      where m.id = ${messageId} and ${isMemberOf(sql`c.id`, me)}
      for no key update of m`,
    targetRow,
  );
  if (!target) throw notFound('Message');
  if (target.deleted) throw new AppError('CONFLICT', 'This message has been deleted, so it cannot take reactions.');
  if (target.blocked) throw closedByBlock('react');
  const [result] = await selectRows(
    tx,
    sql`with held as (
        select r.emoji from message_reactions r where r.message_id = ${messageId} and r.user_id = ${me}
      ),
      inserted as (
        insert into message_reactions (message_id, user_id, emoji)
        select ${messageId}::uuid, ${me}::uuid, ${emoji}
        where not exists (select 1 from held h where h.emoji = ${emoji})
          and (select count(*) from held) < ${LIMITS.distinctReactionsPerMessagePerUser}
        on conflict do nothing
        returning emoji
      ),
      logged as (${logEvents({
        type: 'reaction.added',
        from: sql`inserted i`,
        conversationId: sql`${target.conversation_id}`,
        actorId: sql`${me}`,
        payload: { messageId: sql`${messageId}::uuid`, userId: sql`${me}::uuid`, emoji: sql`i.emoji` },
      })})
      select exists (select 1 from inserted) as added, exists (select 1 from held h where h.emoji = ${emoji}) as had`,
    addedRow,
  );
  if (result && !result.added && !result.had) {
    throw new AppError(
      'CONFLICT',
      `You can add at most ${LIMITS.distinctReactionsPerMessagePerUser} different reactions to one message. Remove one to add another.`,
    );
  }
  return viewIn(tx, messageId);
}

/** The message as it now stands, reactions included; the caller has already authorised it. */
async function viewIn(tx: Transaction, messageId: string): Promise<MessageView> {
  const [row] = await selectRows(tx, sql`select ${messageJson('m')} as message from messages m where m.id = ${messageId}`, messageRow);
  if (!row) throw notFound('Message');
  return row.message;
}
