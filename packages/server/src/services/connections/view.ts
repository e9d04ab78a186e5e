import { and, connections, eq, inArray, not, users, type Executor } from '@rapport/db';
import { blocks } from '../blocks';
import type { ConnectionView } from '../../schemas/connection';
import type { PublicProfile } from '../../schemas/user';
import { publicColumns, toPublicProfile } from '../users/views';
import type { ConnectionRow } from './pair';

export function toConnectionView(row: ConnectionRow, actorId: string, otherUser: PublicProfile | null): ConnectionView {
  return {
    id: row.id,
    type: row.type,
    status: row.status,
    direction: row.requesterId === actorId ? 'outgoing' : 'incoming',
    message: row.message,
    createdAt: row.createdAt.toISOString(),
    respondedAt: row.respondedAt ? row.respondedAt.toISOString() : null,
    otherUser,
  };
}

export const otherUserId = (row: Pick<ConnectionRow, 'requesterId' | 'addresseeId'>, actorId: string) =>
  row.requesterId === actorId ? row.addresseeId : row.requesterId;

/** The profiles the viewer may see: anyone who blocks the viewer is left out, as if they did not exist. */
export async function profilesById(db: Executor, viewerId: string, ids: string[]): Promise<Map<string, PublicProfile>> {
  if (ids.length === 0) return new Map();
  const rows = await db
    .select(publicColumns(users))
    .from(users)
    .where(and(inArray(users.id, ids), not(blocks(users.id, viewerId))));
  return new Map(rows.map((r) => [r.id, toPublicProfile(r)]));
}

/** The view of one row, with the other user's profile loaded when the actor may see it. */
export async function viewOf(db: Executor, row: ConnectionRow, actorId: string): Promise<ConnectionView> {
  const other = otherUserId(row, actorId);
  return toConnectionView(row, actorId, (await profilesById(db, actorId, [other])).get(other) ?? null);
}

export async function reload(db: Executor, id: string): Promise<ConnectionRow> {
  const [row] = await db.select().from(connections).where(eq(connections.id, id)).limit(1);
  if (!row) throw new Error(`connection ${id} vanished inside its transaction`);
  return row;
}
