import { and, connections, desc, eq, not, sql, type Database, type SQL, type SQLWrapper } from '@rapport/db';
import { unionAll } from 'drizzle-orm/pg-core';
import { blockedEitherWay } from '../../domain/blocks';
import type { Actor } from '../../domain/sessions';
import { usersById, userVisibleTo } from '../../domain/users';
import { notFound } from '../../errors';
import { decodeCursor, pastPosition, timeIdCursor, toPage, type Page } from '../../pagination';
import type { ConnectionView, ConnectionsOfUserInput, ListConnectionsInput } from '../../schemas/connection';
import type { ConnectionRow } from './pair';
import { otherUserId, toConnectionView } from './view';

type PageRequest = Pick<ListConnectionsInput, 'cursor' | 'limit'>;
type Kind = (typeof connections.type.enumValues)[number];
type Status = (typeof connections.status.enumValues)[number];

/**
 * One run of a user's connections that an index keeps in keyset order: the
 * user on one side, one type and one status (connections_requester_idx,
 * connections_addressee_idx). A list is the merge of its runs.
 */
interface Run {
  side: 'outgoing' | 'incoming';
  type: Kind;
  status: Status;
}

// Follows and blocks are accepted when made (connections_settled_kinds).
const STATUSES: Record<Kind, readonly Status[]> = { follow: ['accepted'], block: ['accepted'], friend: ['pending', 'accepted', 'rejected'] };

function runs(sides: readonly Run['side'][], types: readonly Kind[], status: Status | undefined): Run[] {
  return sides.flatMap((side) =>
    types.flatMap((type) => STATUSES[type].filter((s) => status === undefined || s === status).map((s) => ({ side, type, status: s }))),
  );
}

const sideColumns = (side: Run['side']) =>
  side === 'outgoing' ? { own: connections.requesterId, other: connections.addresseeId } : { own: connections.addresseeId, other: connections.requesterId };

/**
 * Pages through the runs' connections of `subjectId`, newest first, each with
 * the profile of the user on the other side as `viewerId` may see it.
 * `visible` narrows each run by the column holding the other user. Every run
 * is an index scan in (created_at, id) order that stops after a page, and the
 * page is the newest of those: it costs what it returns, not the user's size
 * (docs/ARCHITECTURE.md, "Read paths").
 */
async function pageOf(
  db: Database,
  viewerId: string,
  subjectId: string,
  list: Run[],
  visible: (run: Run, other: SQLWrapper) => SQL,
  page: PageRequest,
): Promise<Page<ConnectionView>> {
  const after = page.cursor ? decodeCursor(page.cursor, timeIdCursor) : null;
  const scans = list.map((run) => {
    const { own, other } = sideColumns(run.side);
    return db
      .select()
      .from(connections)
      .where(
        and(
          eq(own, subjectId),
          eq(connections.type, run.type),
          eq(connections.status, run.status),
          visible(run, other),
          // The cursor's ISO string, not a Date: in raw SQL, drizzle's postgres.js
          // driver sends a Date as Date#toString(), which PostgreSQL refuses (a 500
          // on every second page); PGlite alone would have accepted it.
          after ? pastPosition([connections.createdAt, connections.id], [after[0], after[1]], 'desc') : undefined,
        ),
      )
      // Each run stops at a page: its index scan reads no further, however
      // many rows the user has, and the merge below picks the newest of them.
      .orderBy(desc(connections.createdAt), desc(connections.id))
      .limit(page.limit + 1);
  });
  const [first, second, ...rest] = scans;
  if (first === undefined) return { items: [], nextCursor: null };
  // Unqualified names: they order the merged rows, whichever scan they came from.
  const newestFirst = sql`created_at desc, id desc`;
  const rows: ConnectionRow[] = await (second === undefined
    ? first
    : unionAll(first, second, ...rest)
        .orderBy(newestFirst)
        .limit(page.limit + 1));
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
  const sides = input.direction === 'all' ? (['outgoing', 'incoming'] as const) : [input.direction];
  const types = input.type ? [input.type] : connections.type.enumValues;
  const list = runs(sides, types, input.status).filter((run) => run.type !== 'block' || run.side === 'outgoing');
  return pageOf(
    db,
    me,
    me,
    list,
    (run, other) => (run.type === 'block' ? sql`true` : not(blockedEitherWay(me, other))),
    input,
  );
}

/**
 * Another user's public, accepted connections. Hidden entirely between users
 * where either blocks the other, and never listing anyone who blocks the viewer.
 */
export async function connectionsOfUser(db: Database, actor: Actor, input: ConnectionsOfUserInput): Promise<Page<ConnectionView>> {
  const subject = input.userId;
  if ((await userVisibleTo(db, subject, actor.userId)) === null) throw notFound('User');
  const list =
    input.type === 'followers'
      ? runs(['incoming'], ['follow'], 'accepted')
      : input.type === 'following'
        ? runs(['outgoing'], ['follow'], 'accepted')
        : runs(['outgoing', 'incoming'], ['friend'], 'accepted');
  return pageOf(db, actor.userId, subject, list, (_run, other) => not(blockedEitherWay(other, actor.userId)), input);
}
