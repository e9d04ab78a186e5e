import { activityMembers, and, collectedCards, eq, sql, userCards, users, type Database } from '@rapport/db';
import { blockedEitherWay } from '../../domain/blocks';
import type { Actor } from '../../domain/sessions';
import { userVisibleTo } from '../../domain/users';
import { AppError, notFound } from '../../errors';
import { decodeCursor, toPage, type Page } from '../../pagination';
import { cardPosition, type CollectCardInput, type CollectedCard, type ListCardsInput, type NameCard, type RemoveCardInput, type UpdateMyCardInput } from '../../schemas/cards';
import { visibleActivity } from '../activities/access';
import { cardRows, toCollectedCard } from './view';

/** My own card: what others see when they collect it. */
export async function myCard(db: Database, actor: Actor): Promise<NameCard> {
  const [row] = await db
    .select({ id: users.id, name: users.name, avatarUrl: users.avatarUrl, city: users.city, card: userCards })
    .from(users)
    .leftJoin(userCards, eq(userCards.userId, users.id))
    .where(eq(users.id, actor.userId));
  if (!row) throw notFound('User');
  const card = row.card;
  return {
    user: { id: row.id, name: row.name, avatarUrl: row.avatarUrl, city: row.city },
    contact: { phone: card?.phone ?? null, email: card?.email ?? null, website: card?.website ?? null, instagram: card?.instagram ?? null, linkedin: card?.linkedin ?? null },
  };
}

/** Chooses what my card shares: each field given is set, or with null no longer shared. */
export async function updateMyCard(db: Database, actor: Actor, input: UpdateMyCardInput): Promise<NameCard> {
  await db
    .insert(userCards)
    .values({ userId: actor.userId, ...input })
    .onConflictDoUpdate({ target: userCards.userId, set: { ...input, updatedAt: sql`now()` } });
  return myCard(db, actor);
}

/**
 * Keeps the card of someone I shared an activity with: both of us held a
 * seat in it, and it has begun. Collecting again keeps the first (and where
 * we met then); never across a block.
 */
export async function collectCard(db: Database, actor: Actor, input: CollectCardInput): Promise<CollectedCard> {
  const me = actor.userId;
  if (input.userId === me) throw new AppError('BAD_REQUEST', 'Your own card is yours already.');
  const activity = await visibleActivity(db, me, input.activityId);
  const person = await userVisibleTo(db, input.userId, me);
  if (person === null) throw notFound('User');
  if (activity.startsAt.getTime() > Date.now() || activity.status === 'cancelled') {
    throw new AppError('CONFLICT', 'Cards are kept after an activity you shared has taken place.');
  }
  const seated = await db
    .select({ userId: activityMembers.userId })
    .from(activityMembers)
    .where(and(eq(activityMembers.activityId, activity.id), eq(activityMembers.status, 'participant'), sql`${activityMembers.userId} in (${me}, ${input.userId})`));
  if (seated.length < 2) throw new AppError('FORBIDDEN', `You can keep the cards of people you took part in an activity with, and ${person.name} and you did not both take part in this one.`);
  await db.insert(collectedCards).values({ ownerId: me, cardUserId: input.userId, activityId: activity.id }).onConflictDoNothing();
  const [row] = await cardRows(db, sql`c.owner_id = ${me} and c.card_user_id = ${input.userId}`, 1);
  if (row === undefined) throw new Error('collected card vanished');
  return toCollectedCard(row);
}

/** My cards, newest first, leaving out anyone on either side of a block. */
export async function listCards(db: Database, actor: Actor, input: ListCardsInput): Promise<Page<CollectedCard>> {
  const me = actor.userId;
  const after = input.cursor ? decodeCursor(input.cursor, cardPosition) : null;
  const rows = await cardRows(
    db,
    sql`c.owner_id = ${me} and not ${blockedEitherWay(sql`c.card_user_id`, me)}
      ${after ? sql`and (c.collected_at, c.card_user_id) < (${after[0]}, ${after[1]}::uuid)` : sql``}`,
    input.limit + 1,
  );
  return toPage(rows, input.limit, (r) => [r.collected_at.toISOString(), r.id], toCollectedCard);
}

/** Lets a card go. Removing one I do not have changes nothing. */
export async function removeCard(db: Database, actor: Actor, input: RemoveCardInput): Promise<{ removed: boolean }> {
  const gone = await db
    .delete(collectedCards)
    .where(and(eq(collectedCards.ownerId, actor.userId), eq(collectedCards.cardUserId, input.userId)))
    .returning({ userId: collectedCards.cardUserId });
  return { removed: gone.length > 0 };
}
