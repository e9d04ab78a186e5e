import { and, eq, familyLinks, not, or, type Database } from '@rapport/db';
import { blockedEitherWay } from '../../../domain/blocks';
import { writeWithEvents, type Publisher } from '../../../domain/events/publisher';
import { lockFamilyPair } from '../../../domain/locks';
import type { Actor } from '../../../domain/sessions';
import { notFound } from '../../../errors';
import type { FamilyLinkView, FamilyPeerInput } from '../../../schemas/session-requests/family';
import { acceptLink } from './links';
import { viewOfLink } from './views';

/**
 * Confirms the link `userId` proposed to the caller. Only the side that did
 * not propose can confirm; confirming again returns the accepted link.
 */
export async function acceptFamilyLink(
  db: Database,
  actor: Actor,
  input: FamilyPeerInput,
  extras: { events: Publisher },
): Promise<FamilyLinkView> {
  const me = actor.userId;
  const proposer = input.userId;
  return writeWithEvents(db, extras.events, async (tx) => {
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
    return viewOfLink(tx, await acceptLink(tx, me, link));
  });
}
