import { and, eq, familyLinks, not, or, sql } from '@rapport/db';
import type { Deps } from '../../../deps';
import { notFound } from '../../../errors';
import { writeWithEvents } from '../../../realtime/commit';
import type { FamilyLinkView } from '../../../schemas/session-requests/profiles';
import type { Actor } from '../../auth/sessions';
import { blockedEitherWay } from '../../blocks';
import { appendFamilyEvent } from './events';
import { lockFamilyPair } from './lock';
import { thisLink } from './pair';
import { viewOfLink } from './views';

/**
 * Confirms the link `userId` proposed to the caller. Only the side that did
 * not propose can confirm; confirming again returns the accepted link.
 */
export async function acceptFamilyLink(deps: Deps, actor: Actor, input: { userId: string }): Promise<FamilyLinkView> {
  const me = actor.userId;
  const proposer = input.userId;
  return writeWithEvents(deps, async (tx) => {
    await lockFamilyPair(tx, me, proposer);
    const [link] = await tx
      .select()
      .from(familyLinks)
      .where(
        and(
          eq(familyLinks.requestedBy, proposer),
          or(
            and(eq(familyLinks.parentId, me), eq(familyLinks.childId, proposer)),
            and(eq(familyLinks.parentId, proposer), eq(familyLinks.childId, me)),
          ),
          // A proposal from someone blocked either way is as good as gone.
          not(blockedEitherWay(me, proposer)),
        ),
      )
      .limit(1);
    // requestedBy = proposer is what stops a caller confirming their own proposal.
    if (!link) throw notFound('Family link request');
    if (link.status === 'accepted') return viewOfLink(tx, link);
    const [accepted] = await tx.update(familyLinks).set({ status: 'accepted', respondedAt: sql`now()` }).where(thisLink(link)).returning();
    if (!accepted) throw new Error('a family link vanished under its pair lock');
    await appendFamilyEvent(tx, me, accepted, 'accepted');
    return viewOfLink(tx, accepted);
  });
}
