import { and, asc, inArray, ne, not, sql, users, type Database } from '@rapport/db';
import { blockedEitherWay } from '../../domain/blocks';
import type { Actor } from '../../domain/sessions';
import { publicColumns, toPublicProfile } from '../../domain/users';
import { decodeCursor, pastPosition, toPage, type Page } from '../../pagination';
import { nameIdCursor, type PublicProfile, type SearchUsersInput } from '../../schemas/user';

/**
 * Escapes LIKE's wildcards so a search for "50%" means those characters. The
 * pattern is lowercased by the database, with the same lower() as the names:
 * JavaScript's lowercase differs from it (it turns "İ" into "i" plus a
 * combining dot), and a name must always be found by its own spelling.
 */
function likePattern(text: string): string {
  return `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

// pg_trgm indexes a name by its three-letter runs; a shorter query has none
// and cannot be looked up in users_name_trgm_idx.
const TRIGRAM = 3;

/**
 * Users whose name contains the query, in name order. Never shows someone who
 * blocked the searcher (nor someone the searcher blocked).
 *
 * A query of three characters or more is looked up in the trigram index and
 * only its matches are sorted, so a search that matches nobody among 100,000
 * users reads nothing. Left to itself the planner may instead walk the name
 * index in order, filtering as it goes, which reads every user when few
 * match (and with a generic plan for the prepared statement, always does):
 * OFFSET 0 keeps the lookup a subquery of its own, planned alone.
 * A shorter query matches many names, and walking the name index in order
 * finds a page of them at once (docs/ARCHITECTURE.md, "Read paths").
 */
export async function searchUsers(db: Database, actor: Actor, input: SearchUsersInput): Promise<Page<PublicProfile>> {
  const after = input.cursor ? decodeCursor(input.cursor, nameIdCursor) : null;
  const lowerName = sql<string>`lower(${users.name})`;
  const matching = and(
    sql`${lowerName} like lower(${likePattern(input.query)})`,
    ne(users.id, actor.userId),
    not(blockedEitherWay(users.id, actor.userId)),
  );
  // The fence only where the trigram index can do the lookup.
  const fence = [...input.query].length >= TRIGRAM ? sql` offset 0` : sql``;
  const matches = sql`select ${users.id} as id, ${lowerName} as sort_name from ${users} where ${matching}${fence}`;
  const page = sql`(select m.id from (${matches}) m
    where ${after ? pastPosition([sql`m.sort_name`, sql`m.id`], after, 'asc') : sql`true`}
    order by m.sort_name, m.id limit ${input.limit + 1})`;
  const rows = await db
    .select({ ...publicColumns(users), sortName: lowerName })
    .from(users)
    .where(inArray(users.id, page))
    .orderBy(asc(lowerName), asc(users.id));
  return toPage(rows, input.limit, (r) => [r.sortName, r.id], toPublicProfile);
}
