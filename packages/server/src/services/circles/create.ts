import { and, circleMembers, circles, eq, type Database, type Executor } from '@rapport/db';
import { appendEvents } from '../../domain/events/append';
import { writeWithEvents, type Publisher } from '../../domain/events/publisher';
import { lockCirclesOf } from '../../domain/locks';
import type { Actor } from '../../domain/sessions';
import type { CircleView, CreateCircleInput } from '../../schemas/circles';
import { requireRoomToJoin, requireRoomToOwn } from './access';
import { circleView } from './view';

async function createdWithKey(db: Executor, creatorId: string, clientKey: string): Promise<string | null> {
  const [row] = await db
    .select({ id: circles.id })
    .from(circles)
    .where(and(eq(circles.createdBy, creatorId), eq(circles.clientKey, clientKey)));
  return row?.id ?? null;
}

/**
 * A new circle, owned by its creator, who is its first member. Safe to
 * retry: the same client key returns the first circle. Creates by one person
 * queue on their circles lock, so a retry racing the first finds it there,
 * and the caps count every circle written before; circles_creator_client_key
 * holds the rule should anything get past that.
 */
export async function createCircle(db: Database, actor: Actor, input: CreateCircleInput, { events }: { events: Publisher }): Promise<CircleView> {
  const me = actor.userId;
  const first = await createdWithKey(db, me, input.clientKey);
  if (first !== null) return circleView(db, me, first);
  const id = await writeWithEvents(db, events, async (tx) => {
    await lockCirclesOf(tx, me);
    const again = await createdWithKey(tx, me, input.clientKey);
    if (again !== null) return again;
    await requireRoomToOwn(tx, me, 'you');
    await requireRoomToJoin(tx, me, 'you');
    const [created] = await tx
      .insert(circles)
      .values({
        name: input.name,
        category: input.category,
        description: input.description,
        imageUrl: input.imageUrl ?? null,
        color: input.color,
        createdBy: me,
        clientKey: input.clientKey,
      })
      .returning({ id: circles.id });
    if (!created) throw new Error('circle insert returned no row');
    // The member count (1) is the trigger's doing.
    await tx.insert(circleMembers).values({ circleId: created.id, userId: me, role: 'owner' });
    await appendEvents(tx, [{ type: 'circle.joined', circleId: created.id, audience: [me], actorId: me, payload: { userId: me, role: 'owner', byUserId: me } }]);
    return created.id;
  });
  return circleView(db, me, id);
}
