import { and, connections, desc, eq, not, or, sql, users, type SQL } from '@rapport/db';
import type { Deps } from '../../deps';
import { notFound } from '../../errors';
import { decodeCursor, pastPosition, timeIdCursor, toPage, type Page } from '../../pagination';
import type { ConnectionView } from '../../schemas/connection';
import type { Actor } from '../auth/sessions';
import { blockedEitherWay } from '../blocks';
import type { ConnectionRow } from './pair';
import { otherUserId, profilesById, toConnectionView } from './view';

interface PageRequest {
  cursor?: string | undefined;
  limit: number;
}

/**
 * Pages through connections matching `where`, newest first, each with the
 * profile of the user on the other side from `subjectId`, as `viewerId` may see it.
 */
async function pageOf(
  deps: Deps,
  viewerId: string,
  subjectId: string,
  where: SQL | undefined,
  page: PageRequest,
): Promise<Page<ConnectionView>> {
  const after = page.cursor ? decodeCursor(page.cursor, timeIdCursor) : null;
  const rows: ConnectionRow[] = await deps.db
    .select()
    .from(connections)
    // The cursor's ISO string, not a Date: in raw SQL, drizzle's postgres.js
    // driver sends a Date as Date#toString(), which PostgreSQL refuses (a 500
    // on every second page); PGlite alone would have accepted it.
    .where(and(where, after ? pastPosition([connections.createdAt, connections.id], [after[0], after[1]], 'desc') : undefined))
    .orderBy(desc(connections.createdAt), desc(connections.id))
    .limit(page.limit + 1);
  const profiles = await profilesById(deps.db, viewerId, rows.map((r) => otherUserId(r, subjectId)));
  return toPage(rows, page.limit, (r) => [r.createdAt.toISOString(), r.id], (row) =>
    toConnectionView(row, subjectId, profiles.get(otherUserId(row, subjectId)) ?? null),
  );
}

export interface ListInput extends PageRequest {
  type?: 'follow' | 'friend' | 'block' | undefined;
  status?: 'pending' | 'accepted' | 'rejected' | undefined;
  direction: 'outgoing' | 'incoming' | 'all';
}

/**
 * The signed-in user's own connections. Blocks are listed only to the blocker:
 * who has blocked you is theirs to keep (check still tells you, one user at a time).
 * While a block stands, it is the only row of the pair listed: a declined
 * request outlives the block (its cooldown must survive a block and unblock)
 * but shows to neither side until the block is lifted.
 */
export function listConnections(deps: Deps, actor: Actor, input: ListInput): Promise<Page<ConnectionView>> {
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
  return pageOf(deps, me, me, where, input);
}

export interface OfUserInput extends PageRequest {
  userId: string;
  type: 'followers' | 'following' | 'friends';
}

/**
 * Another user's public, accepted connections. Hidden entirely between users
 * where either blocks the other, and never listing anyone who blocks the viewer.
 */
export async function connectionsOfUser(deps: Deps, actor: Actor, input: OfUserInput): Promise<Page<ConnectionView>> {
  const subject = input.userId;
  const [visible] = await deps.db
    .select({ id: users.id })
    .from(users)
    .where(and(eq(users.id, subject), not(blockedEitherWay(users.id, actor.userId))))
    .limit(1);
  if (!visible) throw notFound('User');
  const scope =
    input.type === 'followers'
      ? and(eq(connections.type, 'follow'), eq(connections.addresseeId, subject))
      : input.type === 'following'
        ? and(eq(connections.type, 'follow'), eq(connections.requesterId, subject))
        : and(eq(connections.type, 'friend'), or(eq(connections.requesterId, subject), eq(connections.addresseeId, subject)));
  const other = sql`case when ${connections.requesterId} = ${subject} then ${connections.addresseeId} else ${connections.requesterId} end`;
  const where = and(scope, eq(connections.status, 'accepted'), not(blockedEitherWay(other, actor.userId)));
  return pageOf(deps, actor.userId, subject, where, input);
}
