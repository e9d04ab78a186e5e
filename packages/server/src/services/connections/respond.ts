import { connections, eq, sql } from '@rapport/db';
import type { Deps } from '../../deps';
import { AppError } from '../../errors';
import type { ConnectionView } from '../../schemas/connection';
import type { Actor } from '../auth/sessions';
import { lockOwnConnection } from './pair';
import { reload, viewOf } from './view';
import { writeWithEvents } from '../../realtime/commit';
import { appendConnectionEvents } from './events';

/**
 * The recipient accepts or declines a friend request. Answering the same way
 * twice returns the answer; changing an answer already given is a conflict.
 */
export async function respondToRequest(
  deps: Deps,
  actor: Actor,
  input: { connectionId: string; status: 'accepted' | 'rejected' },
): Promise<ConnectionView> {
  const me = actor.userId;
  return writeWithEvents(deps, async (tx) => {
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
