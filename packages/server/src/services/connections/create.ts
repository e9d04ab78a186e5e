import { connections, eq, inArray, sql, type Database, type Transaction } from '@rapport/db';
import { writeWithEvents, type Publisher } from '../../domain/events/publisher';
import { lockPair } from '../../domain/locks';
import type { Actor } from '../../domain/sessions';
import { usersById, type PublicUserRow } from '../../domain/users';
import { AppError, notFound } from '../../errors';
import type { ConnectionView, CreateConnectionInput } from '../../schemas/connection';
import { closeRequestsOnBlock } from '../session-requests/close-on-block';
import { appendConnectionEvents } from './events';
import { isLiveFriendship, rowsBetween, type ConnectionRow } from './pair';
import { reload, toConnectionView } from './view';

/**
 * Follow (accepted at once), friend request (pending) or block (immediate).
 * Safe to retry: asking for what already exists returns it. A friend request
 * to someone who has already asked you accepts theirs.
 */
export async function createConnection(
  db: Database,
  actor: Actor,
  input: CreateConnectionInput,
  { events, cooldownSeconds }: { events: Publisher; cooldownSeconds: number },
): Promise<ConnectionView> {
  const me = actor.userId;
  const them = input.targetUserId;
  if (me === them) throw new AppError('BAD_REQUEST', `You cannot ${input.type} yourself.`);
  return writeWithEvents(db, events, async (tx) => {
    await lockPair(tx, me, them);
    const target = (await usersById(tx, [them])).get(them);
    if (!target) throw notFound('User');
    const existing = await rowsBetween(tx, me, them);
    const row =
      input.type === 'block'
        ? await block(tx, me, them, existing)
        : await followOrFriend(tx, me, target, input, existing, cooldownSeconds);
    await appendConnectionEvents(
      tx,
      me,
      existing.find((r) => r.id === row.id),
      row,
    );
    // The target's profile was loaded above; the view needs no second query.
    // Only a block gets this far past the target's own block of the actor, and
    // to the blocked the blocker is not there to be shown.
    const blocksMe = existing.some((r) => r.type === 'block' && r.requesterId === them);
    return toConnectionView(row, me, blocksMe ? null : target);
  });
}

async function block(tx: Transaction, me: string, them: string, existing: ConnectionRow[]): Promise<ConnectionRow> {
  const mine = existing.find((r) => r.type === 'block' && r.requesterId === me);
  if (mine) return mine;
  // First, before any other write: it takes the conversation lock.
  await closeRequestsOnBlock(tx, me, them);
  // A block ends every follow and friendship or request between the two, both ways.
  const ended = existing.filter((r) => r.type === 'follow' || isLiveFriendship(r)).map((r) => r.id);
  if (ended.length > 0) await tx.delete(connections).where(inArray(connections.id, ended));
  return insert(tx, { requesterId: me, addresseeId: them, type: 'block', status: 'accepted' });
}

async function followOrFriend(
  tx: Transaction,
  me: string,
  target: PublicUserRow,
  input: CreateConnectionInput,
  existing: ConnectionRow[],
  cooldownSeconds: number,
): Promise<ConnectionRow> {
  const them = target.id;
  if (existing.some((r) => r.type === 'block' && r.requesterId === them)) throw notFound('User');
  if (existing.some((r) => r.type === 'block' && r.requesterId === me)) {
    throw new AppError('FORBIDDEN', `You have blocked ${target.name}. Unblock them first.`);
  }
  if (input.type === 'follow') {
    const mine = existing.find((r) => r.type === 'follow' && r.requesterId === me);
    return mine ?? insert(tx, { requesterId: me, addresseeId: them, type: 'follow', status: 'accepted', message: input.message ?? null });
  }

  const live = existing.find(isLiveFriendship);
  if (live) {
    if (live.status === 'pending' && live.requesterId === them) {
      // Crossing requests: both want it, so it is a friendship.
      await tx
        .update(connections)
        .set({ status: 'accepted', respondedAt: sql`now()`, updatedAt: sql`now()` })
        .where(eq(connections.id, live.id));
      return reload(tx, live.id);
    }
    return live;
  }
  const declined = existing
    .filter((r) => r.type === 'friend' && r.status === 'rejected' && r.requesterId === me && r.respondedAt !== null)
    .sort((a, b) => (b.respondedAt?.getTime() ?? 0) - (a.respondedAt?.getTime() ?? 0))[0];
  const cooldownMs = cooldownSeconds * 1000;
  if (declined?.respondedAt && declined.respondedAt.getTime() + cooldownMs > Date.now()) {
    const again = new Date(declined.respondedAt.getTime() + cooldownMs);
    throw new AppError(
      'CONFLICT',
      `${target.name} declined your friend request on ${day(declined.respondedAt)}. You can ask again after ${day(again)}.`,
      { retryAfterSeconds: Math.ceil((again.getTime() - Date.now()) / 1000) },
    );
  }
  return insert(tx, { requesterId: me, addresseeId: them, type: 'friend', status: 'pending', message: input.message ?? null });
}

async function insert(tx: Transaction, values: typeof connections.$inferInsert): Promise<ConnectionRow> {
  const [row] = await tx
    .insert(connections)
    .values({ ...values, respondedAt: values.status === 'accepted' ? sql`now()` : null })
    .returning();
  if (!row) throw new Error('connection insert returned no row');
  return row;
}

const day = (d: Date) => d.toISOString().slice(0, 10);

