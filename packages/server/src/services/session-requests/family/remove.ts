import { familyLinks } from '@rapport/db';
import type { Deps } from '../../../deps';
import { notFound } from '../../../errors';
import { writeWithEvents } from '../../../realtime/commit';
import type { RemovedFamilyLink } from '../../../schemas/session-requests/profiles';
import type { Actor } from '../../auth/sessions';
import { appendFamilyEvent } from './events';
import { lockFamilyPair } from './lock';
import { linkBetween, thisLink } from './pair';

/**
 * Either side declines a pending link or ends an accepted one. Works even
 * when one blocks the other: a block must never keep someone tied to a link.
 */
export async function removeFamilyLink(deps: Deps, actor: Actor, input: { userId: string }): Promise<RemovedFamilyLink> {
  const me = actor.userId;
  return writeWithEvents(deps, async (tx) => {
    await lockFamilyPair(tx, me, input.userId);
    const link = me === input.userId ? undefined : await linkBetween(tx, me, input.userId);
    if (!link) throw notFound('Family link');
    await tx.delete(familyLinks).where(thisLink(link));
    await appendFamilyEvent(tx, me, link, 'removed');
    return { parentId: link.parentId, childId: link.childId };
  });
}
