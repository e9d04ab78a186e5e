import { z } from 'zod';
import { clientKeyInput } from '../client-key';
import { currencyInput, line, paragraph, priceInput, scheduleTypeInput } from './fields';

const isoTime = z.iso.datetime();

export const packageFields = {
  name: line(100),
  description: paragraph(2000),
  sessionCount: z.number().int().min(1, 'A package has at least one session.').max(500, 'A package has at most 500 sessions.'),
  minutesPerSession: z
    .number()
    .int()
    .min(15, 'A session lasts at least 15 minutes.')
    .max(600, 'A session lasts at most 600 minutes (10 hours).'),
  price: priceInput,
  currency: currencyInput,
  scheduleType: scheduleTypeInput,
};

export const packageCreateInput = z.strictObject({
  ...packageFields,
  description: packageFields.description.default(''),
  /** Defaults to the currency of the tutor's profile. */
  currency: packageFields.currency.optional(),
  clientKey: clientKeyInput.optional(),
});
export type PackageCreateInput = z.infer<typeof packageCreateInput>;

export const packageUpdateInput = z
  .strictObject({
    packageId: z.uuid(),
    name: packageFields.name.optional(),
    description: packageFields.description.optional(),
    sessionCount: packageFields.sessionCount.optional(),
    minutesPerSession: packageFields.minutesPerSession.optional(),
    price: packageFields.price.optional(),
    currency: packageFields.currency.optional(),
    scheduleType: packageFields.scheduleType.optional(),
  })
  .refine((input) => Object.keys(input).length > 1, 'Name at least one field to change.');
export type PackageUpdateInput = z.infer<typeof packageUpdateInput>;

export const packageView = z.object({
  id: z.uuid(),
  tutorId: z.uuid(),
  name: z.string(),
  description: z.string(),
  sessionCount: z.number().int(),
  minutesPerSession: z.number().int(),
  price: z.number(),
  currency: z.string(),
  scheduleType: scheduleTypeInput,
  archivedAt: isoTime.nullable(),
  createdAt: isoTime,
  updatedAt: isoTime,
});
export type PackageView = z.infer<typeof packageView>;
