import { sql, type Database } from '@rapport/db';
import { blockedEitherWay } from '../../../domain/blocks';
import { messageJson, messageRow } from '../../../domain/messages';
import type { Actor } from '../../../domain/sessions';
import { selectRows } from '../../../domain/sql-rows';
import { decodeCursor, pastPosition, timeIdCursor, toPage, type Page } from '../../../pagination';
import type { SearchHit, SearchInput } from '../../../schemas/chat/messages';
import { loadMembership } from '../access';

/**
 * Full-text search over the messages of the conversations the actor belongs
 * to, newest first. The query is read as a web search ("a phrase", -word,
 * or) with the 'simple' configuration the stored vectors use, so no language's
 * stemming garbles another's words. Deleted messages are never found, nor are
 * the messages of someone either side has blocked (docs/ARCHITECTURE.md,
 * "Invariants"). A query with no words in it (only punctuation) parses to an
 * empty tsquery: the numnode() test turns that into an empty page instead of
 * a match on nothing.
 */
export async function searchMessages(db: Database, actor: Actor, input: SearchInput): Promise<Page<SearchHit>> {
  const viewerId = actor.userId;
  const filters = [
    sql`m.conversation_id in (select cm.conversation_id from conversation_members cm where cm.user_id = ${viewerId})`,
    sql`m.deleted_at is null`,
    sql`numnode(q.query) > 0`,
    sql`m.search_vector @@ q.query`,
    sql`(m.sender_id is null or m.sender_id = ${viewerId} or not ${blockedEitherWay(sql`m.sender_id`, viewerId)})`,
  ];
  if (input.conversationId !== undefined) filters.push(sql`m.conversation_id = ${input.conversationId}`);
  if (input.cursor !== undefined) {
    const [at, id] = decodeCursor(input.cursor, timeIdCursor);
    filters.push(pastPosition([sql`m.created_at`, sql`m.id`], [at, id], 'desc'));
  }
  const rows = await selectRows(
    db,
    sql`with q as (select websearch_to_tsquery('simple', ${input.query}) as query)
      select ${messageJson('m')} as message
      from q, messages m
      where ${sql.join(filters, sql` and `)}
      order by m.created_at desc, m.id desc
      limit ${input.limit + 1}`,
    messageRow,
  );
  // Nothing found in a named conversation: say NOT_FOUND to a stranger, as
  // every other use of a conversation id does, rather than an empty page.
  if (rows.length === 0 && input.conversationId !== undefined) await loadMembership(db, input.conversationId, viewerId);
  return toPage(
    rows,
    input.limit,
    (r) => [r.message.createdAt, r.message.id],
    (r) => ({ message: r.message, conversationId: r.message.conversationId }),
  );
}
