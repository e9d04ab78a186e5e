import { z } from 'zod';
import { personPreview } from '../user';

const isoTime = z.iso.datetime();

/**
 * A parent–child link as either side sees it. `pending` until the side that
 * did not propose it accepts; only an accepted link counts.
 */
export const familyLinkView = z.object({
  parent: personPreview,
  child: personPreview,
  status: z.enum(['pending', 'accepted']),
  requestedBy: z.uuid(),
  createdAt: isoTime,
  respondedAt: isoTime.nullable(),
});
export type FamilyLinkView = z.infer<typeof familyLinkView>;

/** relation: what the other user is to me. */
export const familyLinkInput = z.object({ userId: z.uuid(), relation: z.enum(['child', 'parent']) });
export type FamilyLinkInput = z.output<typeof familyLinkInput>;

/** The other side of a link: for accept, the user who proposed it. */
export const familyPeerInput = z.object({ userId: z.uuid() });
export type FamilyPeerInput = z.output<typeof familyPeerInput>;

export const removedFamilyLink = z.object({ parentId: z.uuid(), childId: z.uuid() });
export type RemovedFamilyLink = z.infer<typeof removedFamilyLink>;

export const familyView = z.object({
  /** Links where I am the parent. */
  children: z.array(familyLinkView),
  /** Links where I am the child. */
  parents: z.array(familyLinkView),
});
export type FamilyView = z.infer<typeof familyView>;
