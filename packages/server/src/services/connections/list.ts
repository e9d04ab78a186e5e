import { and, connections, desc, eq, not, or, sql, type Database, type SQL } from '@rapport/db';
import { blockedEitherWay } from '../../domain/blocks';
import type { Actor } from '../../domain/sessions';
import { usersById, userVisibleTo } from '../../domain/users';
import { notFound } from '../../errors';
import { decodeCursor, pastPosition, timeIdCursor, toPage, type Page } from '../../pagination';
import type { ConnectionView, ConnectionsOfUserInput, ListConnectionsInput } from '../../schemas/connection';
import type { ConnectionRow } from './pair';
import { otherUserId, toConnectionView } from './view';

type PageRequest = Pick<ListConnectionsInput, 'cursor' | 'limit'>;

/**
 * Pages through connections matching `where`, newest first, each with the
 * profile of the user on the other side from `subjectId`, as `viewerId` may see it.
 */
async function pageOf(
  db: Database,
  viewerId: string,
  subjectId: string,
  where: SQL | undefined,
  page: PageRequest,
): Promise<Page<ConnectionView>> {
  const after = page.cursor ? decodeCursor(page.cursor, timeIdCursor) : null;
  const rows: ConnectionRow[] = await db
    .select()
    .from(connections)
    // The cursor's ISO string, not a Date: in raw SQL, drizzle's postgres.js
    // driver sends a Date as Date#toString(), which PostgreSQL refuses (a 500
    // on every second page); PGlite alone would have accepted it.
    .where(and(where, after ? pastPosition([connections.createdAt, connections.id], [after[0], after[1]], 'desc') : undefined))
    .orderBy(desc(connections.createdAt), desc(connections.id))
    .limit(page.limit + 1);
  const profiles = await usersById(db, rows.map((r) => otherUserId(r, subjectId)), { hiddenFrom: viewerId });
  return toPage(rows, page.limit, (r) => [r.createdAt.toISOString(), r.id], (row) =>
    toConnectionView(row, subjectId, profiles.get(otherUserId(row, subjectId)) ?? null),
  );
}

/**
 * The signed-in user's own connections. Blocks are listed only to the blocker:
 * who has blocked you is theirs to keep (check still tells you, one user at a time).
 * While a block stands, it is the only row of the pair listed: a declined
 * request outlives the block (its cooldown must survive a block and unblock)
 * but shows to neither side until the block is lifted.
 */
export function listConnections(db: Database, actor: Actor, input: ListConnectionsInput): Promise<Page<ConnectionView>> {
  const me = actor.userId;
  const side =
    input.direction === 'outgoing'
      ? eq(connections.requesterId, me)
      : input.direction === 'incoming'
        ? eq(connections.addresseeId, me)
        : or(eq(connections.requesterId, me), eq(connections.addresseeId, me));
  const where = and(
    side,
    input.type ? eq(connections.type, input.type) : undefined,
    input.status ? eq(connections.status, input.status) : undefined,
    sql`case when ${connections.type} = 'block' then ${connections.requesterId} = ${me}
      else not ${blockedEitherWay(connections.requesterId, connections.addresseeId)} end`,
  );
  return pageOf(db, me, me, where, input);
}

/**
 * Another user's public, accepted connections. Hidden entirely between users
 * where either blocks the other, and never listing anyone who blocks the viewer.
 */
export async function connectionsOfUser(db: Database, actor: Actor, input: ConnectionsOfUserInput): Promise<Page<ConnectionView>> {
  const subject = input.userId;
  if ((await userVisibleTo(db, subject, actor.userId)) === null) throw notFound('User');
  const scope =
    input.type === 'followers'
      ? and(eq(connections.type, 'follow'), eq(connections.addresseeId, subject))
      : input.type === 'following'
        ? and(eq(connections.type, 'follow'), eq(connections.requesterId, subject))
        : and(eq(connections.type, 'friend'), or(eq(connections.requesterId, subject), eq(connections.addresseeId, subject)));
  const other = sql`case when ${connections.requesterId} = ${subject} then ${connections.addresseeId} else ${connections.requesterId} end`;
  const where = and(scope, eq(connections.status, 'accepted'), not(blockedEitherWay(other, actor.userId)));
  return pageOf(db, actor.userId, subject, where, input);
}
