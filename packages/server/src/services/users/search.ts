import { and, asc, ne, not, sql, users } from '@rapport/db';
import { z } from 'zod';
import type { Deps } from '../../deps';
import { decodeCursor, pastPosition, toPage, type Page } from '../../pagination';
import type { PublicProfile } from '../../schemas/user';
import type { Actor } from '../auth/sessions';
import { blockedEitherWay } from '../blocks';
import { publicColumns, toPublicProfile } from './views';

export const nameIdCursor = z.tuple([z.string().max(200), z.uuid()]);

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
export async function searchUsers(
  deps: Deps,
  actor: Actor,
  input: { query: string; cursor?: string | undefined; limit: number },
): Promise<Page<PublicProfile>> {
  const after = input.cursor ? decodeCursor(input.cursor, nameIdCursor) : null;
  const lowerName = sql`lower(${users.name})`;
  const rows = await deps.db
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
