import { and, circleMembers, eq, type Database, type Transaction } from '@rapport/db';
import { appendEvents } from '../../domain/events/append';
import type { Publisher } from '../../domain/events/publisher';
import type { Actor } from '../../domain/sessions';
import { AppError } from '../../errors';
import type { CircleMemberInput, CircleRole, CircleView, SetCircleRoleInput } from '../../schemas/circles';
import { requireOwner, requireRoomToOwn, roleOf } from './access';
import { underCircleLock } from './locked';
import { circleView } from './view';

async function setRow(tx: Transaction, circleId: string, userId: string, role: CircleRole): Promise<void> {
  await tx
    .update(circleMembers)
    .set({ role })
    .where(and(eq(circleMembers.circleId, circleId), eq(circleMembers.userId, userId)));
}

/** The member's role, or NOT_FOUND in words the owner can act on. */
async function memberRole(tx: Transaction, circleId: string, userId: string): Promise<CircleRole> {
  const role = await roleOf(tx, circleId, userId);
  if (role === null) throw new AppError('NOT_FOUND', 'That person is not a member of this circle.');
  return role;
}

/** The owner makes a member a moderator, or a moderator a member again; giving the role someone has changes nothing. */
export async function setCircleRole(db: Database, actor: Actor, input: SetCircleRoleInput, { events }: { events: Publisher }): Promise<CircleView> {
  const me = actor.userId;
  await underCircleLock(db, events, me, input.circleId, async (tx, access) => {
    requireOwner(access, "change members' roles");
    if (input.userId === me) throw new AppError('CONFLICT', 'You own this circle: hand it to another member (transferOwnership) to change your own role.');
    const current = await memberRole(tx, input.circleId, input.userId);
    if (current === input.role) return;
    await setRow(tx, input.circleId, input.userId, input.role);
    await appendEvents(tx, [
      { type: 'circle.role_changed', circleId: input.circleId, actorId: me, payload: { userId: input.userId, role: input.role, byUserId: me } },
    ]);
  });
  return circleView(db, me, input.circleId);
}

/**
 * The owner hands the circle to another member and stays on as a
 * moderator. A live circle counts against the new owner's cap, checked
 * under their circles lock.
 */
export async function transferCircleOwnership(db: Database, actor: Actor, input: CircleMemberInput, { events }: { events: Publisher }): Promise<CircleView> {
  const me = actor.userId;
  await underCircleLock(
    db,
    events,
    me,
    input.circleId,
    async (tx, access) => {
      requireOwner(access, 'hand it over');
      if (input.userId === me) throw new AppError('CONFLICT', 'You already own this circle.');
      await memberRole(tx, input.circleId, input.userId);
      if (access.circle.archivedAt === null) await requireRoomToOwn(tx, input.userId, 'they');
      // Demote first: circle_members_one_owner refuses two owners even for a moment.
      await setRow(tx, input.circleId, me, 'moderator');
      await setRow(tx, input.circleId, input.userId, 'owner');
      await appendEvents(tx, [
        { type: 'circle.role_changed', circleId: input.circleId, actorId: me, payload: { userId: input.userId, role: 'owner', byUserId: me } },
        { type: 'circle.role_changed', circleId: input.circleId, actorId: me, payload: { userId: me, role: 'moderator', byUserId: me } },
      ]);
    },
    { capOf: input.userId },
  );
  return circleView(db, me, input.circleId);
}
