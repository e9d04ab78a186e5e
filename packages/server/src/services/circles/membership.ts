import { and, circleMembers, eq, type Database, type Transaction } from '@rapport/db';
import { appendEvents } from '../../domain/events/append';
import type { Publisher } from '../../domain/events/publisher';
import type { Actor } from '../../domain/sessions';
import { AppError } from '../../errors';
import type { CircleMemberInput, CircleRefInput, CircleView } from '../../schemas/circles';
import { requireModerator, requireRoomToJoin, roleOf } from './access';
import { underCircleLock } from './locked';
import { circleView } from './view';

// Joins, leaves and removals take the circle's lock (a join the joiner's
// circles lock first, for the cap), so one member's joins and leaves reach
// the log in the order they happened: the realtime hub keeps each connected
// member's circles from circle.joined and circle.left, each sent with
// `audience` to the member concerned. The member count is the trigger's.

async function removeRow(tx: Transaction, circleId: string, userId: string): Promise<void> {
  await tx.delete(circleMembers).where(and(eq(circleMembers.circleId, circleId), eq(circleMembers.userId, userId)));
}

/**
 * Joins a live circle as a member. Joining again answers the same, never
 * "already a member". An archived circle is not found to anyone outside it,
 * so it cannot be joined.
 */
export async function joinCircle(db: Database, actor: Actor, input: CircleRefInput, { events }: { events: Publisher }): Promise<CircleView> {
  const me = actor.userId;
  await underCircleLock(
    db,
    events,
    me,
    input.circleId,
    async (tx, { circle, role }) => {
      if (role !== null) return;
      await requireRoomToJoin(tx, me, 'you');
      await tx.insert(circleMembers).values({ circleId: circle.id, userId: me, role: 'member' });
      await appendEvents(tx, [{ type: 'circle.joined', circleId: circle.id, audience: [me], actorId: me, payload: { userId: me, role: 'member', byUserId: me } }]);
    },
    { capOf: me },
  );
  return circleView(db, me, input.circleId);
}

/** Leaves a circle. The owner hands it over first; leaving one you are not in changes nothing. */
export async function leaveCircle(db: Database, actor: Actor, input: CircleRefInput, { events }: { events: Publisher }): Promise<CircleView> {
  const me = actor.userId;
  await underCircleLock(db, events, me, input.circleId, async (tx, { circle, role }) => {
    if (role === null) return;
    if (role === 'owner') {
      throw new AppError('CONFLICT', 'You own this circle, so you cannot leave it yet: hand it to another member first (transferOwnership), or archive it.');
    }
    await removeRow(tx, circle.id, me);
    await appendEvents(tx, [{ type: 'circle.left', circleId: circle.id, audience: [me], actorId: me, payload: { userId: me, byUserId: me, removed: false } }]);
  });
  return circleView(db, me, input.circleId);
}

/**
 * The owner or a moderator takes a member out. A moderator removes members
 * only: not the owner, not another moderator. Removing someone who is not
 * in the circle changes nothing.
 */
export async function removeCircleMember(db: Database, actor: Actor, input: CircleMemberInput, { events }: { events: Publisher }): Promise<CircleView> {
  const me = actor.userId;
  await underCircleLock(db, events, me, input.circleId, async (tx, access) => {
    requireModerator(access, 'remove members');
    if (input.userId === me) throw new AppError('CONFLICT', 'To leave the circle yourself, use leave.');
    const target = await roleOf(tx, input.circleId, input.userId);
    if (target === null) return;
    if (target === 'owner') throw new AppError('FORBIDDEN', 'The owner cannot be removed from their circle.');
    if (target === 'moderator' && access.role !== 'owner') throw new AppError('FORBIDDEN', 'Only the owner can remove a moderator.');
    await removeRow(tx, input.circleId, input.userId);
    await appendEvents(tx, [
      // No actor: the removed member must hear of it (and the hub drop the
      // circle from their feeds) even if they and the moderator block each
      // other. Who did it is in byUserId.
      { type: 'circle.left', circleId: input.circleId, audience: [input.userId], actorId: null, payload: { userId: input.userId, byUserId: me, removed: true } },
    ]);
  });
  return circleView(db, me, input.circleId);
}
