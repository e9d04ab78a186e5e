import { sql } from '@rapport/db';
import type { Deps } from '../../../deps';
import { AppError } from '../../../errors';
import type { MessageView } from '../../../schemas/chat';
import { selectRows } from '../../../sql-rows';
import type { Actor } from '../../auth/sessions';
import { directNotBlocked, isMemberOf } from '../access';
import { messageJson, messageRow } from '../message-json';
import { changedMeanwhile, closedByBlock, messageAccess } from './access';

export interface EditInput {
  messageId: string;
  body: string;
}

/**
 * Replaces the text of one's own message (the caption, for an image, file or
 * location) and logs `message.edited`, in one statement whose guard is the
 * whole rule: sender, still a member, not deleted, not a system message or session request card, not
 * a direct conversation closed by a block. A concurrent delete wins: the
 * update re-checks `deleted_at` on the row it waited for.
 */
export async function editMessage(deps: Deps, actor: Actor, input: EditInput): Promise<MessageView> {
  const me = actor.userId;
  const [row] = await selectRows(
    deps.db,
    sql`with edited as (
        update messages m set body = ${input.body}, edited_at = now()
        from conversations c
        where m.id = ${input.messageId} and c.id = m.conversation_id
          and m.sender_id = ${me} and m.kind not in ('system', 'session_request') and m.deleted_at is null
          and ${isMemberOf(sql`c.id`, me)} and ${directNotBlocked}
        returning m.*
      ),
      logged as (
        insert into events (type, conversation_id, actor_id, payload)
        select 'message.edited', x.conversation_id, ${me}::uuid, jsonb_build_object('messageId', x.id) from edited x
      )
      select ${messageJson('x')} as message from edited x`,
    messageRow,
  );
  if (!row) throw await whyNotEdited(deps, me, input.messageId);
  deps.realtime.written();
  return row.message;
}

async function whyNotEdited(deps: Deps, me: string, messageId: string): Promise<AppError> {
  const access = await messageAccess(deps.db, messageId, me);
  if (access.kind === 'system') return new AppError('FORBIDDEN', 'System messages cannot be edited.');
  if (access.kind === 'session_request') {
    return new AppError('FORBIDDEN', 'A session request cannot be edited; cancel it and send a new one to change it.');
  }
  if (access.senderId !== me) return new AppError('FORBIDDEN', 'Only the person who sent a message can edit it.');
  if (access.deleted) return new AppError('CONFLICT', 'This message has been deleted, so it can no longer be edited.');
  if (access.blocked) return closedByBlock('edit messages');
  return changedMeanwhile();
}
