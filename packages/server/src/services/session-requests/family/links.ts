import { and, eq, familyLinks, or, sql, type Executor, type Transaction } from '@rapport/db';
import { appendEvents } from '../../../domain/events/append';

export type FamilyLinkRow = typeof familyLinks.$inferSelect;

/** The link between two users in either direction (at most one: link refuses the reverse of an existing one). */
export async function linkBetween(db: Executor, a: string, b: string): Promise<FamilyLinkRow | undefined> {
  const [row] = await db
    .select()
    .from(familyLinks)
    .where(
      or(
        and(eq(familyLinks.parentId, a), eq(familyLinks.childId, b)),
        and(eq(familyLinks.parentId, b), eq(familyLinks.childId, a)),
      ),
    )
    .limit(1);
  return row;
}

/** Where-clause for exactly this link. */
export const thisLink = (link: { parentId: string; childId: string }) =>
  and(eq(familyLinks.parentId, link.parentId), eq(familyLinks.childId, link.childId));

/**
 * Tells both sides of a link what just happened to it, in the transaction
 * that did it (run through writeWithEvents).
 */
export function appendFamilyEvent(
  tx: Transaction,
  byUserId: string,
  link: { parentId: string; childId: string },
  status: 'pending' | 'accepted' | 'removed',
): Promise<void> {
  const { parentId, childId } = link;
  return appendEvents(tx, [
    { type: 'family.updated', actorId: byUserId, audience: [parentId, childId], payload: { parentId, childId, status, byUserId } },
  ]);
}

/**
 * Confirms a pending link, as the side that did not propose it, and tells
 * both sides. The caller holds the pair lock and has checked who may.
 */
export async function acceptLink(tx: Transaction, byUserId: string, link: FamilyLinkRow): Promise<FamilyLinkRow> {
  const [accepted] = await tx.update(familyLinks).set({ status: 'accepted', respondedAt: sql`now()` }).where(thisLink(link)).returning();
  if (!accepted) throw new Error('a family link vanished under its pair lock');
  await appendFamilyEvent(tx, byUserId, accepted, 'accepted');
  return accepted;
}
