import { z } from 'zod';
import { LIMITS } from '../limits';
import { pageInput } from '../pagination';
import { instantInput } from './dates';

const isoTime = z.iso.datetime();
const https = (what: string) =>
  z
    .url({ protocol: /^https$/, error: `Give ${what} as an https:// address.` })
    .max(LIMITS.cardFieldChars, `At most ${LIMITS.cardFieldChars} characters.`);

/** The contact fields a card may carry; null (or absent) means not shared. */
export const cardContactInput = {
  phone: z
    .string()
    .trim()
    .regex(/^\+?[0-9][0-9 ()-]{3,28}[0-9]$/, 'A phone number is digits, spaces, brackets and hyphens, optionally starting with +.')
    .nullable(),
  email: z.email('That is not an email address.').max(LIMITS.cardFieldChars).nullable(),
  website: https('a website').nullable(),
  instagram: z
    .string()
    .trim()
    .regex(/^@?[A-Za-z0-9._]{1,30}$/, 'An Instagram handle is up to 30 letters, digits, dots and underscores.')
    .transform((handle) => handle.replace(/^@/, ''))
    .nullable(),
  linkedin: https('a LinkedIn profile').nullable(),
};

export const updateMyCardInput = z
  .strictObject({
    phone: cardContactInput.phone.optional(),
    email: cardContactInput.email.optional(),
    website: cardContactInput.website.optional(),
    instagram: cardContactInput.instagram.optional(),
    linkedin: cardContactInput.linkedin.optional(),
  })
  .refine((input) => Object.keys(input).length > 0, 'Name at least one field to change (null stops sharing it).');
export type UpdateMyCardInput = z.output<typeof updateMyCardInput>;

export const cardContact = z.object({
  phone: z.string().nullable(),
  email: z.string().nullable(),
  website: z.string().nullable(),
  instagram: z.string().nullable(),
  linkedin: z.string().nullable(),
});

export const nameCard = z.object({
  user: z.object({ id: z.uuid(), name: z.string(), avatarUrl: z.string().nullable(), city: z.string().nullable() }),
  contact: cardContact,
});
export type NameCard = z.infer<typeof nameCard>;

export const collectCardInput = z.strictObject({ userId: z.uuid(), activityId: z.uuid() });
export type CollectCardInput = z.output<typeof collectCardInput>;

export const removeCardInput = z.strictObject({ userId: z.uuid() });
export type RemoveCardInput = z.output<typeof removeCardInput>;

export const cardPosition = z.tuple([instantInput, z.uuid()]);
export const listCardsInput = z.strictObject({ ...pageInput(cardPosition) }).prefault({});
export type ListCardsInput = z.output<typeof listCardsInput>;

export const collectedCard = nameCard.extend({
  /** Where we met; null if that activity is gone. */
  metAt: z.object({ activityId: z.uuid(), title: z.string(), startsAt: isoTime }).nullable(),
  collectedAt: isoTime,
});
export type CollectedCard = z.infer<typeof collectedCard>;

export const removedCard = z.object({ removed: z.boolean() });
