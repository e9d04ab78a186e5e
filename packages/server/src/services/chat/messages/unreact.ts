import { sql, type Database } from '@rapport/db';
import { z } from 'zod';
import type { Publisher } from '../../../domain/events/publisher';
import type { Actor } from '../../../domain/sessions';
import { notFound } from '../../../errors';
import type { MessageView, ReactionInput } from '../../../schemas/chat/messages';
import { directNotBlocked, isMemberOf } from '../access';
import { closedByBlock } from './access';
import { messageFor } from './get';
import { logActorRows, writeLoggedStatement } from './logged-statement';

const resultRow = z.object({ blocked: z.boolean(), removed: z.boolean() });

/**
 * Removes the actor's reaction, in one statement that authorises the id,
 * deletes the row and logs `reaction.removed`. Removing one that is not there
 * (again, or concurrently) changes nothing and logs nothing.
 */
export async function unreact(db: Database, actor: Actor, { messageId, emoji }: ReactionInput, { events }: { events: Publisher }): Promise<MessageView> {
  const me = actor.userId;
  const [result] = await writeLoggedStatement(
    db,
    events,
    sql`with target as (
        select m.id, m.conversation_id, not ${directNotBlocked} as blocked
        from messages m join conversations c on c.id = m.conversation_id
        where m.id = ${messageId} and ${isMemberOf(sql`c.id`, me)}
      ),
      removed as (
        delete from message_reactions r using target t
        where r.message_id = t.id and not t.blocked and r.user_id = ${me} and r.emoji = ${emoji}
        returning r.message_id, r.emoji, t.conversation_id
      ),
      logged as (${logActorRows('reaction.removed', sql`removed`, me, {
        messageId: sql`x.message_id`,
        userId: sql`${me}::uuid`,
        emoji: sql`x.emoji`,
      })})
      select t.blocked, exists (select 1 from removed) as removed from target t`,
    resultRow,
    (rows) => rows[0]?.removed === true,
  );
  if (!result) throw notFound('Message');
  if (result.blocked) throw closedByBlock('react');
  return messageFor(db, messageId, me);
}
