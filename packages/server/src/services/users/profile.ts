import { eq, sql, users, type Database, type Executor } from '@rapport/db';
import { writeWithEvents, type Publisher } from '../../domain/events/publisher';
import type { Actor } from '../../domain/sessions';
import { toPrivateProfile, toPublicProfile, userVisibleTo } from '../../domain/users';
import { notFound } from '../../errors';
import { CIRCLE_CATEGORIES, type CircleCategory } from '../../schemas/circles';
import { categoriesOf } from '../../schemas/interests';
import type { GetProfileInput, PrivateProfile, PublicProfile, UpdateProfileInput } from '../../schemas/user';
import { mostJoinedCirclesNotIn } from '../circles/suggest';
import { notifyCircleSuggestions } from '../notifications/causes';

export async function getOwnProfile(db: Database, actor: Actor): Promise<PrivateProfile> {
  const [row] = await db.select().from(users).where(eq(users.id, actor.userId)).limit(1);
  if (!row) throw notFound('User');
  return toPrivateProfile(row);
}

/**
 * Changes only the fields given; a field set to null is cleared. Interests
 * that reach a circle category the profile had none in bring a circle
 * suggestion, written in the same transaction.
 */
export async function updateOwnProfile(db: Database, actor: Actor, input: UpdateProfileInput, { events }: { events: Publisher }): Promise<PrivateProfile> {
  const changes = Object.fromEntries(Object.entries(input).filter(([, v]) => v !== undefined));
  const update = (tx: Executor) =>
    tx
      .update(users)
      .set({ ...changes, updatedAt: sql`now()` })
      .where(eq(users.id, actor.userId))
      .returning();
  const { interests } = input;
  if (interests === undefined) {
    const [row] = await update(db);
    if (!row) throw notFound('User');
    return toPrivateProfile(row);
  }
  return writeWithEvents(db, events, async (tx) => {
    const [before] = await tx.select({ interests: users.interests }).from(users).where(eq(users.id, actor.userId)).for('update');
    const [row] = await update(tx);
    if (!before || !row) throw notFound('User');
    const had = categoriesOf(before.interests);
    const reached = [...categoriesOf(interests)].filter((entry): entry is [CircleCategory, string] => !had.has(entry[0]) && isCircleCategory(entry[0]));
    const circles = await mostJoinedCirclesNotIn(
      tx,
      actor.userId,
      reached.map(([category]) => category),
    );
    const interestOf = new Map<string, string>(reached);
    await notifyCircleSuggestions(
      tx,
      actor.userId,
      circles.map((circle) => ({ circle, interest: interestOf.get(circle.category) ?? circle.category })),
    );
    return toPrivateProfile(row);
  });
}

const isCircleCategory = (category: string): category is CircleCategory => (CIRCLE_CATEGORIES as readonly string[]).includes(category);

/** Someone who blocks you, or whom you block, is "not found" to you. */
export async function getPublicProfile(db: Database, actor: Actor, input: GetProfileInput): Promise<PublicProfile> {
  const row = await userVisibleTo(db, input.userId, actor.userId);
  if (row === null) throw notFound('User');
  return toPublicProfile(row);
}
