import { connections, eq, type Executor } from '@rapport/db';
import { toPublicProfile, usersById, type PublicUserRow } from '../../domain/users';
import type { ConnectionView } from '../../schemas/connection';
import type { ConnectionRow } from './pair';

/** `otherUser`: null when they block the actor, to whom a blocker is not there to be shown. */
export function toConnectionView(row: ConnectionRow, actorId: string, otherUser: PublicUserRow | null): ConnectionView {
  return {
    id: row.id,
    type: row.type,
    status: row.status,
    direction: row.requesterId === actorId ? 'outgoing' : 'incoming',
    message: row.message,
    createdAt: row.createdAt.toISOString(),
    respondedAt: row.respondedAt ? row.respondedAt.toISOString() : null,
    otherUser: otherUser === null ? null : toPublicProfile(otherUser),
  };
}

export const otherUserId = (row: Pick<ConnectionRow, 'requesterId' | 'addresseeId'>, actorId: string) =>
  row.requesterId === actorId ? row.addresseeId : row.requesterId;

/** The view of one row, with the other user's profile loaded when the actor may see it. */
export async function viewOf(db: Executor, row: ConnectionRow, actorId: string): Promise<ConnectionView> {
  const other = otherUserId(row, actorId);
  const profiles = await usersById(db, [other], { hiddenFrom: actorId });
  return toConnectionView(row, actorId, profiles.get(other) ?? null);
}

export async function reload(db: Executor, id: string): Promise<ConnectionRow> {
  const [row] = await db.select().from(connections).where(eq(connections.id, id)).limit(1);
  if (!row) throw new Error(`connection ${id} vanished inside its transaction`);
  return row;
}
