import { sql, type Database } from '@rapport/db';
import { z } from 'zod';
import type { Publisher } from '../../../domain/events/publisher';
import { readMarkerLock } from '../../../domain/locks';
import type { Actor } from '../../../domain/sessions';
import { selectRows } from '../../../domain/sql-rows';
import { notFound } from '../../../errors';
import type { MarkReadInput, ReadState } from '../../../schemas/chat/messages';
import { logActorRows, writeLoggedStatement } from './logged-statement';

const stateRow = z.object({ last_read_seq: z.coerce.number(), last_seq: z.coerce.number() });

/**
 * Moves the actor's read watermark forward to `seq` (clamped to the last
 * message), never back: one UPDATE whose WHERE only admits a forward move,
 * re-checked on the row it waited for, so concurrent calls end at the
 * highest seq and only the calls that moved it log `read.updated`. The
 * advisory lock, taken before the statement's first write, keeps those
 * events in the order the watermark moved (a row lock alone would not:
 * docs/ARCHITECTURE.md, "Locks and their order").
 */
export async function markRead(db: Database, actor: Actor, input: MarkReadInput, { events }: { events: Publisher }): Promise<ReadState> {
  const me = actor.userId;
  const [moved] = await writeLoggedStatement(
    db,
    events,
    sql`with locked as (select ${readMarkerLock(input.conversationId, me)}),
      moved as (
        update conversation_members cm
        set last_read_seq = greatest(cm.last_read_seq, least(${input.seq}::bigint, c.last_seq)), last_read_at = now()
        from conversations c
        where cm.conversation_id = ${input.conversationId} and cm.user_id = ${me} and c.id = cm.conversation_id
          and cm.last_read_seq < least(${input.seq}::bigint, c.last_seq) and exists (select 1 from locked)
        returning cm.conversation_id, cm.last_read_seq, c.last_seq
      ),
      logged as (${logActorRows('read.updated', sql`moved`, me, { userId: sql`${me}::uuid`, lastReadSeq: sql`x.last_read_seq` })})
      select last_read_seq, last_seq from moved`,
    stateRow,
  );
  if (moved) return toState(moved);
  // Not moved: already at or past it, or not a member. A fresh read gives
  // the watermark as it now stands (perhaps moved by a concurrent call).
  const [current] = await selectRows(
    db,
    sql`select cm.last_read_seq, c.last_seq from conversation_members cm join conversations c on c.id = cm.conversation_id
      where cm.conversation_id = ${input.conversationId} and cm.user_id = ${me}`,
    stateRow,
  );
  if (!current) throw notFound('Conversation');
  return toState(current);
}

// Unread is the distance between two counters, never a count over messages.
const toState = (r: z.infer<typeof stateRow>): ReadState => ({
  lastReadSeq: r.last_read_seq,
  unreadCount: Math.max(0, r.last_seq - r.last_read_seq),
});
