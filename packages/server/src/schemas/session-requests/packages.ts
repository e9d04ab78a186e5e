import { z } from 'zod';
import { LIMITS } from '../../limits';
import { pageInput, timeIdCursor } from '../../pagination';
import { clientKeyInput } from '../client-key';
import { currencyInput, line, paragraph, priceInput, scheduleTypeInput } from './fields';

const isoTime = z.iso.datetime();

export const packageFields = {
  name: line(LIMITS.packageNameChars),
  description: paragraph(LIMITS.packageDescriptionChars),
  sessionCount: z
    .number()
    .int()
    .min(1, 'A package has at least one session.')
    .max(LIMITS.sessionsPerPackage, `A package has at most ${LIMITS.sessionsPerPackage} sessions.`),
  minutesPerSession: z
    .number()
    .int()
    .min(LIMITS.minutesPerSessionMin, `A session lasts at least ${LIMITS.minutesPerSessionMin} minutes.`)
    .max(LIMITS.minutesPerSessionMax, `A session lasts at most ${LIMITS.minutesPerSessionMax} minutes (${LIMITS.minutesPerSessionMax / 60} hours).`),
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
export type PackageCreateInput = z.output<typeof packageCreateInput>;

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
export type PackageUpdateInput = z.output<typeof packageUpdateInput>;

/** One package, by id: to archive, unarchive or read it. */
export const packageRefInput = z.strictObject({ packageId: z.uuid() });
export type PackageRefInput = z.output<typeof packageRefInput>;

/** The caller's own packages, a page at a time; archived ones only when asked for. */
export const myPackagesInput = z.strictObject({ includeArchived: z.boolean().default(false), ...pageInput(timeIdCursor) }).prefault({});
export type MyPackagesInput = z.output<typeof myPackagesInput>;

/** What one tutor offers, a page at a time. */
export const tutorPackagesInput = z.strictObject({ tutorId: z.uuid(), ...pageInput(timeIdCursor) });
export type TutorPackagesInput = z.output<typeof tutorPackagesInput>;

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
