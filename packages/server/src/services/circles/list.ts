import { and, asc, circles, eq, inArray, isNull, sql, type Database, type SQL } from '@rapport/db';
import type { Actor } from '../../domain/sessions';
import { decodeCursor, pastPosition, toPage, type Page } from '../../pagination';
import type { CircleView, ListCirclesInput } from '../../schemas/circles';
import { nameIdCursor } from '../../schemas/user';
import { circleViews } from './view';

/** Escapes LIKE's wildcards so a search for "100%" means those characters; lowered by the database, as the names are. */
const likePattern = (text: string) => `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

// pg_trgm indexes a name by its three-letter runs; a shorter query has none.
const TRIGRAM = 3;

/**
 * Live circles in name order, of one category or all, whose name contains
 * the query. Without a query, or with one under three characters, the page
 * is read in order from circles_category_name_idx or circles_name_idx
 * (partial: live circles only), filtering on the way. A longer query is
 * looked up in circles_name_trgm_idx and only its matches sorted, in a
 * subquery of its own (OFFSET 0) so the planner cannot prefer walking the
 * name index past every circle that does not match (as users.search does;
 * docs/ARCHITECTURE.md, "Read paths").
 */
export async function listCircles(db: Database, actor: Actor, input: ListCirclesInput): Promise<Page<CircleView>> {
  const after = input.cursor ? decodeCursor(input.cursor, nameIdCursor) : null;
  const lowerName = sql<string>`lower(${circles.name})`;
  const query = input.query ?? '';
  const named = sql`${lowerName} like lower(${likePattern(query)})`;
  let ids: SQL;
  if ([...query].length >= TRIGRAM) {
    // Live and category are judged outside the fence: inside it they would
    // let the planner pick the partial name indexes and read every live circle.
    const matches = sql`select ${circles.id} as id, ${lowerName} as sort_name, ${circles.archivedAt} as archived_at, ${circles.category} as category
      from ${circles} where ${named} offset 0`;
    ids = sql`(select m.id from (${matches}) m
      where ${and(
        sql`m.archived_at is null`,
        input.category === undefined ? undefined : sql`m.category = ${input.category}`,
        after ? pastPosition([sql`m.sort_name`, sql`m.id`], after, 'asc') : undefined,
      )}
      order by m.sort_name, m.id limit ${input.limit + 1})`;
  } else {
    const live = and(
      isNull(circles.archivedAt),
      input.category === undefined ? undefined : eq(circles.category, input.category),
      query === '' ? undefined : named,
      after ? pastPosition([lowerName, circles.id], after, 'asc') : undefined,
    );
    ids = sql`(select ${circles.id} from ${circles} where ${live} order by ${lowerName}, ${circles.id} limit ${input.limit + 1})`;
  }
  const rows = await db
    .select({ id: circles.id, sortName: lowerName })
    .from(circles)
    .where(inArray(circles.id, ids))
    .orderBy(asc(lowerName), asc(circles.id));
  const page = toPage(rows, input.limit, (r) => [r.sortName, r.id], (r) => r.id);
  return { items: await circleViews(db, actor.userId, page.items), nextCursor: page.nextCursor };
}
