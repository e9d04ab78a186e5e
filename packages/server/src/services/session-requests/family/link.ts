import { eq, familyLinks, sql, users, type Transaction } from '@rapport/db';
import { z } from 'zod';
import type { Deps } from '../../../deps';
import { AppError, notFound } from '../../../errors';
import { writeWithEvents } from '../../../realtime/commit';
import type { FamilyLinkView } from '../../../schemas/session-requests/profiles';
import { selectRows } from '../../../sql-rows';
import type { Actor } from '../../auth/sessions';
import { rowsBetween } from '../../connections/pair';
import { MAX_CHILDREN_PER_PARENT, MAX_PARENTS_PER_CHILD } from './caps';
import { appendFamilyEvent } from './events';
import { lockFamilyPair, lockFamilySides } from './lock';
import { linkBetween, thisLink } from './pair';
import { viewOfLink, type FamilyLinkRow } from './views';

export interface FamilyLinkInput {
  userId: string;
  /** What `userId` is to the caller. */
  relation: 'child' | 'parent';
}

const sidesRow = z.object({ parentReady: z.boolean(), childReady: z.boolean(), children: z.number(), parents: z.number() });

/**
 * Proposes a parent–child link, or confirms the one the other side proposed.
 * Safe to retry: asking for the link that exists returns it unchanged.
 */
export async function linkFamily(deps: Deps, actor: Actor, input: FamilyLinkInput): Promise<FamilyLinkView> {
  const me = actor.userId;
  const them = input.userId;
  if (me === them) throw new AppError('BAD_REQUEST', `You cannot link yourself as your own ${input.relation}.`);
  const parentId = input.relation === 'child' ? me : them;
  const childId = input.relation === 'child' ? them : me;

  return writeWithEvents(deps, async (tx) => {
    await lockFamilyPair(tx, me, them);
    await lockFamilySides(tx, parentId, childId);
    const [target] = await tx.select({ id: users.id, name: users.name }).from(users).where(eq(users.id, them)).limit(1);
    if (!target) throw notFound('User');
    const blocks = (await rowsBetween(tx, me, them)).filter((r) => r.type === 'block');
    if (blocks.some((b) => b.requesterId === them)) throw notFound('User');
    if (blocks.some((b) => b.requesterId === me)) throw new AppError('FORBIDDEN', `You have blocked ${target.name}. Unblock them first.`);

    const [sides] = await selectRows(
      tx,
      sql`select
        exists (select 1 from parent_profiles where user_id = ${parentId}) as "parentReady",
        exists (select 1 from student_profiles where user_id = ${childId}) as "childReady",
        (select count(*)::int from family_links where parent_id = ${parentId}) as "children",
        (select count(*)::int from family_links where child_id = ${childId}) as "parents"`,
      sidesRow,
    );
    if (!sides) throw new Error('the family sides query returned no row');
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
  const [accepted] = await tx
    .update(familyLinks)
    .set({ status: 'accepted', respondedAt: sql`now()` })
    .where(thisLink(existing))
    .returning();
  if (!accepted) throw new Error('a family link vanished under its pair lock');
  await appendFamilyEvent(tx, me, accepted, 'accepted');
  return accepted;
}

function checkCaps(relation: FamilyLinkInput['relation'], theirName: string, sides: Sides): void {
  if (sides.children >= MAX_CHILDREN_PER_PARENT) {
    throw new AppError(
      'CONFLICT',
      relation === 'child'
        ? `You already have ${MAX_CHILDREN_PER_PARENT} children linked or invited, the most allowed. Remove one (sessionRequests.family.remove) before adding another.`
        : `${theirName} already has ${MAX_CHILDREN_PER_PARENT} children linked or invited, the most allowed; they must remove one before you can link to them.`,
    );
  }
  if (sides.parents >= MAX_PARENTS_PER_CHILD) {
    throw new AppError(
      'CONFLICT',
      relation === 'parent'
        ? `You already have ${MAX_PARENTS_PER_CHILD} parents linked or invited, the most allowed. Remove one (sessionRequests.family.remove) before adding another.`
        : `${theirName} already has ${MAX_PARENTS_PER_CHILD} parents linked or invited, the most allowed; one of those links must be removed before you can link to them.`,
    );
  }
}
