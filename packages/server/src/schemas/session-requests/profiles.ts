import { z } from 'zod';
import { LIMITS } from '../../limits';
import { pageInput, timeIdCursor } from '../../pagination';
import { currencyInput, labels, line, paragraph, priceInput } from './fields';

const isoTime = z.iso.datetime();

export const tutorProfileInput = z.strictObject({
  bio: paragraph(LIMITS.tutorBioChars).default(''),
  subjects: labels('subjects', LIMITS.subjectsPerProfile).min(1, 'Name at least one subject you teach.'),
  languages: labels('languages', LIMITS.languagesPerTutor).min(1, 'Name at least one language you teach in.'),
  hourlyRate: priceInput,
  currency: currencyInput,
});
export type TutorProfileInput = z.output<typeof tutorProfileInput>;

export const studentProfileInput = z.strictObject({
  gradeLevel: line(LIMITS.gradeLevelChars),
  subjects: labels('subjects', LIMITS.subjectsPerProfile).default([]),
});
export type StudentProfileInput = z.output<typeof studentProfileInput>;

/** Discovery filters: each matches, ignoring case, one of a tutor's subjects or languages. */
const tutorFilters = z.object({
  subject: line(LIMITS.profileLabelChars).optional(),
  language: line(LIMITS.profileLabelChars).optional(),
});
export const tutorSearchInput = tutorFilters.extend(pageInput(timeIdCursor)).prefault({});
export type TutorSearchInput = z.output<typeof tutorSearchInput>;

/** Whose profile to read. */
export const profileOwnerInput = z.object({ userId: z.uuid() });
export type ProfileOwnerInput = z.output<typeof profileOwnerInput>;

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
