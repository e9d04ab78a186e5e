import { familyLinks, type Database } from '@rapport/db';
import { writeWithEvents, type Publisher } from '../../../domain/events/publisher';
import { lockFamilyPair } from '../../../domain/locks';
import type { Actor } from '../../../domain/sessions';
import { notFound } from '../../../errors';
import type { FamilyPeerInput, RemovedFamilyLink } from '../../../schemas/session-requests/family';
import { appendFamilyEvent, linkBetween, thisLink } from './links';

/**
 * Either side declines a pending link or ends an accepted one. Works even
 * when one blocks the other: a block must never keep someone tied to a link.
 */
export async function removeFamilyLink(
  db: Database,
  actor: Actor,
  input: FamilyPeerInput,
  extras: { events: Publisher },
): Promise<RemovedFamilyLink> {
  const me = actor.userId;
  return writeWithEvents(db, extras.events, async (tx) => {
    await lockFamilyPair(tx, me, input.userId);
    const link = me === input.userId ? undefined : await linkBetween(tx, me, input.userId);
    if (!link) throw notFound('Family link');
    await tx.delete(familyLinks).where(thisLink(link));
    await appendFamilyEvent(tx, me, link, 'removed');
    return { parentId: link.parentId, childId: link.childId };
  });
}
