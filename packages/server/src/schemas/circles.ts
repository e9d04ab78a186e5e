import { z } from 'zod';
import { LIMITS } from '../limits';
import { pageInput, timeIdCursor } from '../pagination';
import { postView } from './circle-posts';
import { clientKeyInput } from './client-key';
import { line, paragraph } from './session-requests/fields';
import { hasControlCharacter, nameIdCursor, personPreview } from './user';

const isoTime = z.iso.datetime();

// The seed's four (XelaConnect); the pg enum circle_category holds the same.
export const CIRCLE_CATEGORIES = ['Wellness', 'Fitness', 'Creative', 'Social'] as const;
export const circleCategory = z.enum(CIRCLE_CATEGORIES, { error: `Use one of the categories: ${CIRCLE_CATEGORIES.join(', ')}.` });
export type CircleCategory = z.infer<typeof circleCategory>;

export const circleRole = z.enum(['owner', 'moderator', 'member']);
export type CircleRole = z.infer<typeof circleRole>;

/** A colour as people write it ("#39CCB7"), stored lower case, as the database's check wants it. */
const colorInput = z
  .string()
  .max(7, 'Use a colour such as #39CCB7.')
  .regex(/^#[0-9a-fA-F]{6}$/, 'Use a colour such as #39CCB7: # and six hex digits.')
  .transform((color) => color.toLowerCase());

const imageUrlInput = z
  .url({ protocol: /^https$/, error: 'Use an https:// URL.' })
  .max(LIMITS.circleImageUrlChars, `At most ${LIMITS.circleImageUrlChars} characters.`)
  .refine((s) => !hasControlCharacter(s), 'Remove control characters.');

const circleFields = {
  name: line(LIMITS.circleNameChars),
  category: circleCategory,
  description: paragraph(LIMITS.circleDescriptionChars),
  imageUrl: imageUrlInput,
  color: colorInput,
};

/** community.circles.create: the creator becomes its owner and first member. */
export const createCircleInput = z.strictObject({
  name: circleFields.name,
  category: circleFields.category,
  description: circleFields.description.default(''),
  imageUrl: circleFields.imageUrl.optional(),
  color: circleFields.color,
  /** A retry with the same key returns the first circle. */
  clientKey: clientKeyInput,
});
export type CreateCircleInput = z.output<typeof createCircleInput>;

/** community.circles.update: only the fields given change; imageUrl null removes the image. */
export const updateCircleInput = z
  .strictObject({
    circleId: z.uuid(),
    name: circleFields.name.optional(),
    category: circleFields.category.optional(),
    description: circleFields.description.optional(),
    imageUrl: circleFields.imageUrl.nullable().optional(),
    color: circleFields.color.optional(),
  })
  .refine((input) => Object.keys(input).length > 1, 'Name at least one field to change.');
export type UpdateCircleInput = z.output<typeof updateCircleInput>;

export const circleRefInput = z.strictObject({ circleId: z.uuid() });
export type CircleRefInput = z.output<typeof circleRefInput>;

/** A member of a circle, for removal and ownership. */
export const circleMemberInput = z.strictObject({ circleId: z.uuid(), userId: z.uuid() });
export type CircleMemberInput = z.output<typeof circleMemberInput>;

/** community.circles.setRole: the owner names moderators; ownership moves only by transferOwnership. */
export const setCircleRoleInput = z.strictObject({ circleId: z.uuid(), userId: z.uuid(), role: z.enum(['moderator', 'member']) });
export type SetCircleRoleInput = z.output<typeof setCircleRoleInput>;

/** community.circles.list: live circles by name, of one category or all, matching a text or not. */
export const listCirclesInput = z.strictObject({
  category: circleCategory.optional(),
  query: z
    .string()
    .trim()
    .max(LIMITS.circleSearchQueryChars, `At most ${LIMITS.circleSearchQueryChars} characters.`)
    .refine((s) => !hasControlCharacter(s), 'Remove control characters.')
    .optional(),
  ...pageInput(nameIdCursor),
});
export type ListCirclesInput = z.output<typeof listCirclesInput>;

/** community.circles.mine: the circles I belong to, newest joined first; archived ones only when asked. */
export const myCirclesInput = z.strictObject({ includeArchived: z.boolean().default(false), ...pageInput(timeIdCursor) });
export type MyCirclesInput = z.output<typeof myCirclesInput>;

/** community.circles.members: newest first, of one role or all. */
export const circleMembersInput = z.strictObject({ circleId: z.uuid(), role: circleRole.optional(), ...pageInput(timeIdCursor) });
export type CircleMembersInput = z.output<typeof circleMembersInput>;

/** A circle as the viewer sees it: the counts are kept by triggers, so they are exact. */
export const circleView = z.object({
  id: z.uuid(),
  name: z.string(),
  category: circleCategory,
  description: z.string(),
  imageUrl: z.string().nullable(),
  /** "#rrggbb", lower case. */
  color: z.string(),
  memberCount: z.number().int(),
  postCount: z.number().int(),
  lastPostAt: isoTime.nullable(),
  createdAt: isoTime,
  /** Set while the circle is archived: hidden from lists, closed to joins and posts. */
  archivedAt: isoTime.nullable(),
  isMember: z.boolean(),
  /** The viewer's role; null when not a member. */
  myRole: circleRole.nullable(),
});
export type CircleView = z.infer<typeof circleView>;

/** community.circles.get: the circle and its newest posts. */
export const circleDetails = circleView.extend({ recentPosts: z.array(postView) });
export type CircleDetails = z.infer<typeof circleDetails>;

/** One member, newest first in the members list. */
export const circleMemberView = personPreview.extend({ role: circleRole, joinedAt: isoTime });
export type CircleMemberView = z.infer<typeof circleMemberView>;
