import { sql, type Database } from '@rapport/db';
import { z } from 'zod';
import { writeStatementWithEvents, type Publisher } from '../../domain/events/publisher';
import { pgErrorCode, PG_UNIQUE_VIOLATION } from '../../domain/pg-errors';
import type { Actor } from '../../domain/sessions';
import { selectRows } from '../../domain/sql-rows';
import { AppError, notFound } from '../../errors';
import type { MessageView, SendInput } from '../../schemas/chat/messages';
import { directNotBlocked, isMemberOf } from './access';
import { insertMessage, messageByClientKey } from './insert-message';
import { closedByBlock } from './messages/access';
import type { SendRateLimiter } from './rate-limit';

const blockedRow = z.object({ blocked: z.boolean() });

/**
 * Sends a message, idempotently: the same client key always returns the
 * first message (same id, same seq), whether the first attempt's response was
 * lost or the retry raced it.
 */
export async function sendMessage(
  db: Database,
  actor: Actor,
  input: SendInput,
  { events, limiter }: { events: Publisher; limiter: SendRateLimiter },
): Promise<MessageView> {
  const me = actor.userId;
  try {
    limiter.take(me, input.clientKey);
  } catch (error) {
    // A retry of a send that went through (its response lost, perhaps via
    // another instance) gets its message, not a rate-limit error.
    const first = await messageByClientKey(db, me, input.clientKey);
    if (first) return first;
    throw error;
  }
  const replyToId = input.replyToId ?? null;
  const { content } = input;
  // A guard that refused wrote nothing: no message, nothing to ring for.
  const sent = await writeStatementWithEvents(
    db,
    events,
    async (db): Promise<MessageView | null> => {
      try {
        return await insertMessage(db, {
          conversationId: input.conversationId,
          senderId: me,
          actorId: me,
          kind: content.kind,
          body: content.body ?? null,
          attachments: 'attachments' in content ? content.attachments : [],
          location: content.kind === 'location' ? content.location : null,
          metadata: null,
          replyToId,
          clientKey: input.clientKey,
          guard: sql`${isMemberOf(sql`c.id`, me)} and ${directNotBlocked}
            and (${replyToId}::uuid is null or exists (select 1 from messages r where r.id = ${replyToId}::uuid and r.conversation_id = c.id))`,
        });
      } catch (error) {
        if (pgErrorCode(error) !== PG_UNIQUE_VIOLATION) throw error;
        return messageByClientKey(db, me, input.clientKey);
      }
    },
    (message) => message !== null,
  );
  if (sent === null) throw await whyNotSent(db, actor, input.conversationId, replyToId);
  return sent;
}

/** The guard refused: say why, checking in the order a person would. */
async function whyNotSent(db: Database, actor: Actor, conversationId: string, replyToId: string | null): Promise<AppError> {
  const [row] = await selectRows(
    db,
    sql`select not ${directNotBlocked} as blocked from conversations c
      where c.id = ${conversationId} and ${isMemberOf(sql`c.id`, actor.userId)}`,
    blockedRow,
  );
  if (!row) return notFound('Conversation');
  if (row.blocked) return closedByBlock('send messages');
  if (replyToId !== null) return new AppError('BAD_REQUEST', 'The message you are replying to is not in this conversation.');
  return new AppError('CONFLICT', 'The message could not be sent just now. Send it again with the same client key.');
}
