import { and, connections, eq, or, type Executor } from '@rapport/db';

/** Everyone this user blocks or is blocked by: their events never reach this user. */
export async function loadBlockSet(db: Executor, userId: string): Promise<Set<string>> {
  const rows = await db
    .select({ requesterId: connections.requesterId, addresseeId: connections.addresseeId })
    .from(connections)
    .where(and(eq(connections.type, 'block'), or(eq(connections.requesterId, userId), eq(connections.addresseeId, userId))));
  return new Set(rows.map((r) => (r.requesterId === userId ? r.addresseeId : r.requesterId)));
}
