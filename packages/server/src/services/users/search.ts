import { and, asc, ne, not, sql, users, type Database } from '@rapport/db';
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

/**
 * Users whose name contains the query, in name order. Never shows someone who
 * blocked the searcher (nor someone the searcher blocked).
 */
export async function searchUsers(db: Database, actor: Actor, input: SearchUsersInput): Promise<Page<PublicProfile>> {
  const after = input.cursor ? decodeCursor(input.cursor, nameIdCursor) : null;
  const lowerName = sql`lower(${users.name})`;
  const rows = await db
    .select({ ...publicColumns(users), sortName: sql<string>`lower(${users.name})` })
    .from(users)
    .where(
      and(
        sql`${lowerName} like lower(${likePattern(input.query)})`,
        ne(users.id, actor.userId),
        not(blockedEitherWay(users.id, actor.userId)),
        after ? pastPosition([lowerName, users.id], after, 'asc') : undefined,
      ),
    )
    .orderBy(asc(lowerName), asc(users.id))
    .limit(input.limit + 1);
  return toPage(rows, input.limit, (r) => [r.sortName, r.id], toPublicProfile);
}
