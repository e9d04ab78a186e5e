import { connections, eq, type Database } from '@rapport/db';
import { writeWithEvents, type Publisher } from '../../domain/events/publisher';
import type { Actor } from '../../domain/sessions';
import { AppError } from '../../errors';
import type { RemoveConnectionInput } from '../../schemas/connection';
import { appendConnectionEvents } from './events';
import { lockOwnConnection, rowsBetween } from './pair';

/**
 * Unfollow, unfriend, cancel or clear a request, unblock. Either party may
 * remove a connection, except that only the blocker can lift a block and only
 * the one who declined a request can clear it (else the requester could erase
 * the refusal and ask again at once).
 */
export async function removeConnection(
  db: Database,
  actor: Actor,
  input: RemoveConnectionInput,
  { events }: { events: Publisher },
): Promise<{ connectionId: string }> {
  const me = actor.userId;
  return writeWithEvents(db, events, async (tx) => {
    const row = await lockOwnConnection(tx, input.connectionId, me);
    if (row.type === 'block' && row.requesterId !== me) throw new AppError('FORBIDDEN', 'Only the person who blocked can unblock.');
    if (row.type === 'friend' && row.status === 'rejected' && row.requesterId === me) {
      throw new AppError('FORBIDDEN', 'This request was declined; only the person who declined it can clear it.');
    }
    await tx.delete(connections).where(eq(connections.id, row.id));
    await appendConnectionEvents(tx, me, row, null, await rowsBetween(tx, row.requesterId, row.addresseeId));
    return { connectionId: row.id };
  });
}
