import { sql, type Database } from '@rapport/db';
import { z } from 'zod';
import { messageJson } from '../../../domain/messages';
import type { Actor } from '../../../domain/sessions';
import { selectRows } from '../../../domain/sql-rows';
import { notFound } from '../../../errors';
import { decodeCursor, toPage, type Page } from '../../../pagination';
import { historyPosition, messageView, type HistoryInput, type MessageView } from '../../../schemas/chat/messages';

// One row per call for a member, even with no messages (a null message):
// zero rows means the caller is not a member, in the same query.
const row = z.object({ message: messageView.nullable() });

/**
 * A page of a conversation's messages, keyset by seq on the
 * (conversation_id, seq) unique index. `before` (or nothing: the latest) runs
 * newest first, back in time; `after` runs oldest first, forward. The cursor
 * carries the direction with the last seq handed out, so following
 * nextCursor keeps going the same way until it is null.
 */
export async function history(db: Database, actor: Actor, input: HistoryInput): Promise<Page<MessageView>> {
  const [direction, from] = position(input);
  const forward = direction === 'after';
  // Seqs are dense (docs/ARCHITECTURE.md, "Invariants"; deleted messages stay
  // as tombstones), so a page is a closed range of them: whatever plan the
  // database picks, it reads at most the page. Left to the order and the
  // limit alone, a plan costed for the average conversation read all of a
  // long one's messages and sorted them.
  const span = input.limit + 1;
  const bound =
    from === null
      ? sql`m.seq > c.last_seq - ${span}`
      : forward
        ? sql`m.seq > ${from} and m.seq <= ${from + span}`
        : sql`m.seq < ${from} and m.seq >= ${from - span}`;
  const rows = await selectRows(
    db,
    sql`select p.message from conversation_members cm
      join conversations c on c.id = cm.conversation_id
      left join lateral (
        select ${messageJson('m')} as message, m.seq from messages m
        where m.conversation_id = cm.conversation_id and ${bound}
        order by m.seq ${forward ? sql`asc` : sql`desc`}
        limit ${span}
      ) p on true
      where cm.conversation_id = ${input.conversationId} and cm.user_id = ${actor.userId}
      order by p.seq ${forward ? sql`asc` : sql`desc`}`,
    row,
  );
  if (rows.length === 0) throw notFound('Conversation');
  const messages = rows.flatMap((r) => (r.message === null ? [] : [r.message]));
  return toPage(messages, input.limit, (m) => [direction, String(m.seq)], (m) => m);
}

function position(input: HistoryInput): ['before' | 'after', number | null] {
  if (input.cursor !== undefined) {
    const [direction, seq] = decodeCursor(input.cursor, historyPosition);
    return [direction, Number(seq)];
  }
  if (input.after !== undefined) return ['after', input.after];
  return ['before', input.before ?? null];
}
