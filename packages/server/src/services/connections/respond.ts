import { connections, eq, sql, type Database } from '@rapport/db';
import { writeWithEvents, type Publisher } from '../../domain/events/publisher';
import type { Actor } from '../../domain/sessions';
import { AppError } from '../../errors';
import type { ConnectionView, RespondToRequestInput } from '../../schemas/connection';
import { appendConnectionEvents } from './events';
import { lockOwnConnection } from './pair';
import { reload, viewOf } from './view';

/**
 * The recipient accepts or declines a friend request. Answering the same way
 * twice returns the answer; changing an answer already given is a conflict.
 */
export async function respondToRequest(
  db: Database,
  actor: Actor,
  input: RespondToRequestInput,
  { events }: { events: Publisher },
): Promise<ConnectionView> {
  const me = actor.userId;
  return writeWithEvents(db, events, async (tx) => {
    const row = await lockOwnConnection(tx, input.connectionId, me);
    if (row.type !== 'friend') throw new AppError('BAD_REQUEST', `A ${row.type} needs no answer; only friend requests do.`);
    if (row.requesterId === me) throw new AppError('FORBIDDEN', 'Only the person who received this friend request can answer it.');
    if (row.status !== 'pending') {
      if (row.status === input.status) return viewOf(tx, row, me);
      throw new AppError('CONFLICT', `You already ${row.status === 'accepted' ? 'accepted' : 'declined'} this friend request.`);
    }
    await tx
      .update(connections)
      .set({ status: input.status, respondedAt: sql`now()`, updatedAt: sql`now()` })
      .where(eq(connections.id, row.id));
    const after = await reload(tx, row.id);
    await appendConnectionEvents(tx, me, row, after);
    return viewOf(tx, after, me);
  });
}
