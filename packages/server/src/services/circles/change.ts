import { circles, eq, type Database, type Transaction } from '@rapport/db';
import { appendEvents } from '../../domain/events/append';
import type { Publisher } from '../../domain/events/publisher';
import type { Actor } from '../../domain/sessions';
import type { CircleRefInput, CircleView, UpdateCircleInput } from '../../schemas/circles';
import { requireLive, requireModerator, requireOwner, requireRoomToOwn, type CircleRow } from './access';
import { underCircleLock } from './locked';
import { circleView } from './view';

/** circle.updated, to the circle's connected members: the circle as it now is. */
async function announce(tx: Transaction, circle: CircleRow, byUserId: string): Promise<void> {
  await appendEvents(tx, [
    {
      type: 'circle.updated',
      circleId: circle.id,
      actorId: byUserId,
      payload: {
        name: circle.name,
        category: circle.category,
        description: circle.description,
        imageUrl: circle.imageUrl,
        color: circle.color,
        archived: circle.archivedAt !== null,
        byUserId,
      },
    },
  ]);
}

async function write(tx: Transaction, id: string, values: Partial<typeof circles.$inferInsert>): Promise<CircleRow> {
  const [row] = await tx
    .update(circles)
    .set({ ...values, updatedAt: new Date() })
    .where(eq(circles.id, id))
    .returning();
  if (!row) throw new Error(`circle ${id} vanished under its lock`);
  return row;
}

/** The owner or a moderator changes the circle's name, category, description, image or colour. */
export async function updateCircle(db: Database, actor: Actor, input: UpdateCircleInput, { events }: { events: Publisher }): Promise<CircleView> {
  const me = actor.userId;
  await underCircleLock(db, events, me, input.circleId, async (tx, access) => {
    requireModerator(access, 'change it');
    requireLive(access.circle, 'change it');
    const c = access.circle;
    const changed =
      (input.name !== undefined && input.name !== c.name) ||
      (input.category !== undefined && input.category !== c.category) ||
      (input.description !== undefined && input.description !== c.description) ||
      (input.imageUrl !== undefined && input.imageUrl !== c.imageUrl) ||
      (input.color !== undefined && input.color !== c.color);
    if (!changed) return;
    const updated = await write(tx, c.id, {
      name: input.name,
      category: input.category,
      description: input.description,
      imageUrl: input.imageUrl,
      color: input.color,
    });
    await announce(tx, updated, me);
  });
  return circleView(db, me, input.circleId);
}

/**
 * The owner or a moderator archives the circle: it leaves every list, takes
 * no new members or posts, and is not found by anyone outside it. Its
 * members keep it and may leave. Archiving again changes nothing.
 */
export async function archiveCircle(db: Database, actor: Actor, input: CircleRefInput, { events }: { events: Publisher }): Promise<CircleView> {
  const me = actor.userId;
  await underCircleLock(db, events, me, input.circleId, async (tx, access) => {
    requireModerator(access, 'archive it');
    if (access.circle.archivedAt !== null) return;
    await announce(tx, await write(tx, access.circle.id, { archivedAt: new Date() }), me);
  });
  return circleView(db, me, input.circleId);
}

/** The owner brings an archived circle back, if they have room for one more live circle. */
export async function restoreCircle(db: Database, actor: Actor, input: CircleRefInput, { events }: { events: Publisher }): Promise<CircleView> {
  const me = actor.userId;
  await underCircleLock(
    db,
    events,
    me,
    input.circleId,
    async (tx, access) => {
      requireOwner(access, 'restore it');
      if (access.circle.archivedAt === null) return;
      await requireRoomToOwn(tx, me, 'you');
      await announce(tx, await write(tx, access.circle.id, { archivedAt: null }), me);
    },
    { capOf: me },
  );
  return circleView(db, me, input.circleId);
}
