import { sql, type Database } from '@rapport/db';
import type { Publisher } from '../../../domain/events/publisher';
import { messageJson, messageRow } from '../../../domain/messages';
import type { Actor } from '../../../domain/sessions';
import { AppError } from '../../../errors';
import type { EditInput, MessageView } from '../../../schemas/chat/messages';
import { directNotBlocked, isMemberOf } from '../access';
import { changedMeanwhile, closedByBlock, messageAccess } from './access';
import { logActorRows, writeLoggedStatement } from './logged-statement';

/**
 * Replaces the text of one's own message (the caption, for an image, file or
 * location) and logs `message.edited`, in one statement whose guard is the
 * whole rule: sender, still a member, not deleted, not a system message or session request card, not
 * a direct conversation closed by a block. A concurrent delete wins: the
 * update re-checks `deleted_at` on the row it waited for.
 */
export async function editMessage(db: Database, actor: Actor, input: EditInput, { events }: { events: Publisher }): Promise<MessageView> {
  const me = actor.userId;
  const [row] = await writeLoggedStatement(
    db,
    events,
    sql`with edited as (
        update messages m set body = ${input.body}, edited_at = now()
        from conversations c
        where m.id = ${input.messageId} and c.id = m.conversation_id
          and m.sender_id = ${me} and m.kind not in ('system', 'session_request', 'invitation') and m.deleted_at is null
          and ${isMemberOf(sql`c.id`, me)} and ${directNotBlocked}
        returning m.*
      ),
      logged as (${logActorRows('message.edited', sql`edited`, me, { messageId: sql`x.id` })})
      select ${messageJson('x')} as message from edited x`,
    messageRow,
  );
  if (!row) throw await whyNotEdited(db, me, input.messageId);
  return row.message;
}

async function whyNotEdited(db: Database, me: string, messageId: string): Promise<AppError> {
  const access = await messageAccess(db, messageId, me);
  if (access.kind === 'system') return new AppError('FORBIDDEN', 'System messages cannot be edited.');
  if (access.kind === 'session_request') {
    return new AppError('FORBIDDEN', 'A session request cannot be edited; cancel it and send a new one to change it.');
  }
  if (access.kind === 'invitation') return new AppError('FORBIDDEN', 'An invitation card cannot be edited.');
  if (access.senderId !== me) return new AppError('FORBIDDEN', 'Only the person who sent a message can edit it.');
  if (access.deleted) return new AppError('CONFLICT', 'This message has been deleted, so it can no longer be edited.');
  if (access.blocked) return closedByBlock('edit messages');
  return changedMeanwhile();
}
