import { activities, activityMembers, and, eq, type Database } from '@rapport/db';
import type { Actor } from '../../domain/sessions';
import type { ActivityView, CreateActivityInput } from '../../schemas/activities';
import { activityView } from './view';

/**
 * A new activity hosted by the actor, who takes the first seat. Safe to retry
 * with a client key: the same key returns the first activity (the unique
 * index decides between racing retries; the loser reads the winner's row).
 */
export async function createActivity(db: Database, actor: Actor, input: CreateActivityInput): Promise<ActivityView> {
  const me = actor.userId;
  const existing = async () => {
    if (input.clientKey === undefined) return null;
    const [row] = await db
      .select({ id: activities.id })
      .from(activities)
      .where(and(eq(activities.hostId, me), eq(activities.clientKey, input.clientKey)));
    return row?.id ?? null;
  };
  const first = await existing();
  if (first !== null) return activityView(db, me, first);
  // Nobody else is in it yet, so there is no one to tell: no event.
  const id = await db.transaction(async (tx) => {
    const [created] = await tx
      .insert(activities)
      .values({
        hostId: me,
        title: input.title,
        description: input.description,
        locationLabel: input.locationLabel,
        latitude: input.place?.latitude ?? null,
        longitude: input.place?.longitude ?? null,
        startsAt: new Date(input.startsAt),
        endsAt: new Date(input.endsAt),
        capacity: input.capacity,
        tags: input.tags,
        visibility: input.visibility,
        clientKey: input.clientKey ?? null,
      })
      .onConflictDoNothing()
      .returning({ id: activities.id, startsAt: activities.startsAt });
    if (!created) return null;
    await tx.insert(activityMembers).values({ activityId: created.id, userId: me, status: 'participant', startsAt: created.startsAt, joinedAt: new Date() });
    return created.id;
  });
  const made = id ?? (await existing());
  if (made === null) throw new Error('activity insert conflicted without a row to return');
  return activityView(db, me, made);
}
