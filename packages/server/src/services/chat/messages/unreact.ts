import { sql } from '@rapport/db';
import { z } from 'zod';
import type { Deps } from '../../../deps';
import { notFound } from '../../../errors';
import type { MessageView } from '../../../schemas/chat';
import { selectRows } from '../../../sql-rows';
import type { Actor } from '../../auth/sessions';
import { directNotBlocked, isMemberOf } from '../access';
import { closedByBlock } from './access';
import { messageFor } from './get';
import type { ReactionInput } from './react';

const resultRow = z.object({ blocked: z.boolean(), removed: z.boolean() });

/**
 * Removes the actor's reaction, in one statement that authorises the id,
 * deletes the row and logs `reaction.removed`. Removing one that is not there
 * (again, or concurrently) changes nothing and logs nothing.
 */
export async function unreact(deps: Deps, actor: Actor, { messageId, emoji }: ReactionInput): Promise<MessageView> {
  const me = actor.userId;
  const [result] = await selectRows(
    deps.db,
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
      logged as (
        insert into events (type, conversation_id, actor_id, payload)
        select 'reaction.removed', x.conversation_id, ${me}::uuid,
          jsonb_build_object('messageId', x.message_id, 'userId', ${me}::uuid, 'emoji', x.emoji)
        from removed x
      )
      select t.blocked, exists (select 1 from removed) as removed from target t`,
    resultRow,
  );
  if (!result) throw notFound('Message');
  if (result.blocked) throw closedByBlock('react');
  if (result.removed) deps.realtime.written();
  return messageFor(deps.db, messageId, me);
}
