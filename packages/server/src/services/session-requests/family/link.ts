import { familyLinks, sql, type Database, type Transaction } from '@rapport/db';
import { z } from 'zod';
import { blocks } from '../../../domain/blocks';
import { writeWithEvents, type Publisher } from '../../../domain/events/publisher';
import { lockFamilyPair, lockFamilySides } from '../../../domain/locks';
import type { Actor } from '../../../domain/sessions';
import { selectRows } from '../../../domain/sql-rows';
import { usersById } from '../../../domain/users';
import { AppError, notFound } from '../../../errors';
import { LIMITS } from '../../../limits';
import type { FamilyLinkInput, FamilyLinkView } from '../../../schemas/session-requests/family';
import { acceptLink, appendFamilyEvent, linkBetween, type FamilyLinkRow } from './links';
import { viewOfLink } from './views';

const sidesRow = z.object({
  theyBlockMe: z.boolean(),
  iBlockThem: z.boolean(),
  parentReady: z.boolean(),
  childReady: z.boolean(),
  children: z.number(),
  parents: z.number(),
});

/**
 * Proposes a parent–child link, or confirms the one the other side proposed.
 * Safe to retry: asking for the link that exists returns it unchanged.
 */
export async function linkFamily(db: Database, actor: Actor, input: FamilyLinkInput, extras: { events: Publisher }): Promise<FamilyLinkView> {
  const me = actor.userId;
  const them = input.userId;
  if (me === them) throw new AppError('BAD_REQUEST', `You cannot link yourself as your own ${input.relation}.`);
  const parentId = input.relation === 'child' ? me : them;
  const childId = input.relation === 'child' ? them : me;

  return writeWithEvents(db, extras.events, async (tx) => {
    await lockFamilyPair(tx, me, them);
    await lockFamilySides(tx, parentId, childId);
    const target = (await usersById(tx, [them])).get(them);
    if (!target) throw notFound('User');
    const [sides] = await selectRows(
      tx,
      sql`select
        ${blocks(them, me)} as "theyBlockMe",
        ${blocks(me, them)} as "iBlockThem",
        exists (select 1 from parent_profiles where user_id = ${parentId}) as "parentReady",
        exists (select 1 from student_profiles where user_id = ${childId}) as "childReady",
        (select count(*)::int from family_links where parent_id = ${parentId}) as "children",
        (select count(*)::int from family_links where child_id = ${childId}) as "parents"`,
      sidesRow,
    );
    if (!sides) throw new Error('the family sides query returned no row');
    // To the blocked, the blocker is not there; the blocker is told to unblock.
    if (sides.theyBlockMe) throw notFound('User');
    if (sides.iBlockThem) throw new AppError('FORBIDDEN', `You have blocked ${target.name}. Unblock them first.`);
    checkProfiles(input.relation, target.name, sides);

    const existing = await linkBetween(tx, me, them);
    if (existing) return viewOfLink(tx, await reuse(tx, me, target.name, input.relation, parentId, existing));

    checkCaps(input.relation, target.name, sides);
    const [row] = await tx.insert(familyLinks).values({ parentId, childId, status: 'pending', requestedBy: me }).returning();
    if (!row) throw new Error('family link insert returned no row');
    await appendFamilyEvent(tx, me, row, 'pending');
    return viewOfLink(tx, row);
  });
}

type Sides = z.infer<typeof sidesRow>;

function checkProfiles(relation: FamilyLinkInput['relation'], theirName: string, sides: Sides): void {
  const mineReady = relation === 'child' ? sides.parentReady : sides.childReady;
  const theirsReady = relation === 'child' ? sides.childReady : sides.parentReady;
  if (!mineReady) {
    throw new AppError(
      'FORBIDDEN',
      relation === 'child'
        ? 'Create a parent profile (sessionRequests.profiles.setParent) before linking a child.'
        : 'Create a student profile (sessionRequests.profiles.setStudent) before linking a parent.',
    );
  }
  if (!theirsReady) {
    const profile = relation === 'child' ? 'student' : 'parent';
    throw new AppError(
      'BAD_REQUEST',
      `${theirName} has no ${profile} profile yet; they need one before they can be linked as a ${relation}.`,
    );
  }
}

/**
 * The link already between us: the same one again is a retry; the other
 * side's pending proposal in the same direction is confirmed by asking for
 * it too; the reverse direction would make each the other's parent.
 */
async function reuse(
  tx: Transaction,
  me: string,
  theirName: string,
  relation: FamilyLinkInput['relation'],
  parentId: string,
  existing: FamilyLinkRow,
): Promise<FamilyLinkRow> {
  if (existing.parentId !== parentId) {
    const current = relation === 'child' ? 'parent' : 'child';
    throw new AppError(
      'CONFLICT',
      `${theirName} is already linked to you as your ${current}. Remove that link (sessionRequests.family.remove) before linking them as your ${relation}.`,
    );
  }
  if (existing.status === 'accepted' || existing.requestedBy === me) return existing;
  return acceptLink(tx, me, existing);
}

function checkCaps(relation: FamilyLinkInput['relation'], theirName: string, sides: Sides): void {
  const { childrenPerParent, parentsPerChild } = LIMITS;
  if (sides.children >= childrenPerParent) {
    throw new AppError(
      'CONFLICT',
      relation === 'child'
        ? `You already have ${childrenPerParent} children linked or invited, the most allowed. Remove one (sessionRequests.family.remove) before adding another.`
        : `${theirName} already has ${childrenPerParent} children linked or invited, the most allowed; they must remove one before you can link to them.`,
    );
  }
  if (sides.parents >= parentsPerChild) {
    throw new AppError(
      'CONFLICT',
      relation === 'parent'
        ? `You already have ${parentsPerChild} parents linked or invited, the most allowed. Remove one (sessionRequests.family.remove) before adding another.`
        : `${theirName} already has ${parentsPerChild} parents linked or invited, the most allowed; one of those links must be removed before you can link to them.`,
    );
  }
}
