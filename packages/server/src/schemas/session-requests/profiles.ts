import { z } from 'zod';
import { personPreview } from '../user';
import { currencyInput, labels, line, paragraph, priceInput } from './fields';

const isoTime = z.iso.datetime();

export const tutorProfileInput = z.strictObject({
  bio: paragraph(2000).default(''),
  subjects: labels('subjects', 20).min(1, 'Name at least one subject you teach.'),
  languages: labels('languages', 10).min(1, 'Name at least one language you teach in.'),
  hourlyRate: priceInput,
  currency: currencyInput,
});

export const studentProfileInput = z.strictObject({
  gradeLevel: line(60),
  subjects: labels('subjects', 20).default([]),
});

/** Discovery filters: each matches, ignoring case, one of a tutor's subjects or languages. */
export const tutorSearchInput = z.object({
  subject: line(60).optional(),
  language: line(60).optional(),
});

/** Whose profile to read. */
export const profileOwnerInput = z.object({ userId: z.uuid() });

/** Public: anyone signed in (and not blocked) may read a tutor's profile. */
export const tutorProfileView = z.object({
  userId: z.uuid(),
  name: z.string(),
  avatarUrl: z.string().nullable(),
  bio: z.string(),
  subjects: z.array(z.string()),
  languages: z.array(z.string()),
  hourlyRate: z.number(),
  currency: z.string(),
  createdAt: isoTime,
  updatedAt: isoTime,
});
export type TutorProfileView = z.infer<typeof tutorProfileView>;

/** Seen by the student, their linked parents, and tutors they (or their parents) have asked. */
export const studentProfileView = z.object({
  userId: z.uuid(),
  name: z.string(),
  avatarUrl: z.string().nullable(),
  gradeLevel: z.string(),
  subjects: z.array(z.string()),
  createdAt: isoTime,
  updatedAt: isoTime,
});
export type StudentProfileView = z.infer<typeof studentProfileView>;

export const parentProfileView = z.object({ userId: z.uuid(), createdAt: isoTime });
export type ParentProfileView = z.infer<typeof parentProfileView>;

/** Every role the signed-in user holds (null where they hold none). */
export const myRoles = z.object({
  tutor: tutorProfileView.nullable(),
  student: studentProfileView.nullable(),
  parent: parentProfileView.nullable(),
});
export type MyRoles = z.infer<typeof myRoles>;

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

/** The other side of a link: for accept, the user who proposed it. */
export const familyPeerInput = z.object({ userId: z.uuid() });

export const removedFamilyLink = z.object({ parentId: z.uuid(), childId: z.uuid() });
export type RemovedFamilyLink = z.infer<typeof removedFamilyLink>;

export const familyView = z.object({
  /** Links where I am the parent. */
  children: z.array(familyLinkView),
  /** Links where I am the child. */
  parents: z.array(familyLinkView),
});
export type FamilyView = z.infer<typeof familyView>;
