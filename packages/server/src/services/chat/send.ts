import { sql } from '@rapport/db';
import type { Deps } from '../../deps';
import { pgErrorCode } from '../../error-shape';
import { AppError, notFound } from '../../errors';
import type { MessageContent, MessageView } from '../../schemas/chat';
import type { Actor } from '../auth/sessions';
import { directNotBlocked, isMemberOf } from './access';
import { closedByBlock } from './messages/access';
import { insertMessage, messageByClientKey } from './insert-message';
import { selectRows } from '../../sql-rows';
import { z } from 'zod';

const blockedRow = z.object({ blocked: z.boolean() });

export interface SendInput {
  conversationId: string;
  clientKey: string;
  content: MessageContent;
  replyToId?: string | undefined;
}

const UNIQUE_VIOLATION = '23505';

/**
 * Sends a message, idempotently: the same client key always returns the
 * first message (same id, same seq), whether the first attempt's response was
 * lost or the retry raced it.
 */
export async function sendMessage(deps: Deps, actor: Actor, input: SendInput): Promise<MessageView> {
  const me = actor.userId;
  try {
    deps.sendLimiter.take(me, input.clientKey);
  } catch (error) {
    // A retry of a send that went through (its response lost, perhaps via
    // another instance) gets its message, not a rate-limit error.
    const first = await messageByClientKey(deps.db, me, input.clientKey);
    if (first) return first;
    throw error;
  }
  const replyToId = input.replyToId ?? null;
  const { content } = input;
  let sent: MessageView | null;
  try {
    sent = await insertMessage(deps.db, {
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
    if (pgErrorCode(error) !== UNIQUE_VIOLATION) throw error;
    sent = await messageByClientKey(deps.db, me, input.clientKey);
  }
  if (sent === null) throw await whyNotSent(deps, actor, input.conversationId, replyToId);
  deps.realtime.written();
  return sent;
}

/** The guard refused: say why, checking in the order a person would. */
async function whyNotSent(deps: Deps, actor: Actor, conversationId: string, replyToId: string | null): Promise<AppError> {
  const [row] = await selectRows(
    deps.db,
    sql`select not ${directNotBlocked} as blocked from conversations c
      where c.id = ${conversationId} and ${isMemberOf(sql`c.id`, actor.userId)}`,
    blockedRow,
  );
  if (!row) return notFound('Conversation');
  if (row.blocked) return closedByBlock('send messages');
  if (replyToId !== null) return new AppError('BAD_REQUEST', 'The message you are replying to is not in this conversation.');
  return new AppError('CONFLICT', 'The message could not be sent just now. Send it again with the same client key.');
}
