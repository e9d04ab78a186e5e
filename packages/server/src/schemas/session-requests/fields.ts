import { z } from 'zod';
import { LIMITS } from '../../limits';
import { EARLIEST_INSTANT_MS, LATEST_INSTANT_MS } from '../dates';
import { hasControlCharacter } from '../user';

const NO_CONTROL = 'Remove control characters.';

/** One line of text: trimmed, never empty, no control characters. */
export const line = (max: number) =>
  z
    .string()
    .trim()
    .min(1, 'Enter some text.')
    .max(max, `At most ${max} characters.`)
    .refine((s) => !hasControlCharacter(s), NO_CONTROL);

/** Free text that may span lines (bios, descriptions, notes); may be empty. */
export const paragraph = (max: number) =>
  z
    .string()
    .trim()
    .max(max, `At most ${max} characters.`)
    .refine((s) => !hasControlCharacter(s, true), NO_CONTROL);

/** A short list of labels (subjects, languages): no blanks, no repeats (case-insensitive). */
export const labels = (what: string, max: number) =>
  z
    .array(line(LIMITS.profileLabelChars))
    .max(max, `At most ${max} ${what}.`)
    .refine((list) => new Set(list.map((s) => s.toLowerCase())).size === list.length, `Each of the ${what} may appear once.`);

const CURRENCIES = new Set(Intl.supportedValuesOf('currency'));

/** An ISO 4217 code, upper case: EUR, USD, ETB. */
export const currencyInput = z
  .string()
  .regex(/^[A-Z]{3}$/, 'Use a three-letter ISO 4217 currency code in capitals, such as EUR or USD.')
  .refine((code) => CURRENCIES.has(code), 'That is not a currency code this server knows; use an ISO 4217 code such as EUR or USD.');

/**
 * An amount in the currency's major unit with at most two decimals (150 or
 * 149.99); stored as numeric, so it comes back exactly as sent.
 */
export const priceInput = z
  .number()
  .min(0, 'A price cannot be negative.')
  .max(LIMITS.priceMax, `A price can be at most ${LIMITS.priceMax}.`)
  .refine((n) => Math.round(n * 100) / 100 === n, 'Use at most two decimal places.');

export const scheduleTypeInput = z.enum(['one_time', 'recurring']);

export const WEEKDAYS = ['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'] as const;
/** A day as stored and returned: lower case. */
export const weekday = z.enum(WEEKDAYS);
/** A day as sent, in whatever case (clients send "Monday" as often as "monday"), stored lower case. */
export const weekdayInput = z
  .string()
  .max(16, 'Use a day name such as monday.')
  .trim()
  .toLowerCase()
  .pipe(z.enum(WEEKDAYS, { error: `Use a day name: ${WEEKDAYS.join(', ')}.` }));

/** A wall-clock time, 24-hour "HH:MM". */
export const clockTimeInput = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'Use a 24-hour time such as 09:30 or 14:00.');

/**
 * A calendar date, "YYYY-MM-DD", that exists, within the years every date
 * input is held to (see schemas/dates.ts): year 0000 is a valid ISO string
 * that PostgreSQL and JS disagree on.
 */
export const calendarDateInput = z.iso
  .date({ error: 'Use a date such as 2026-03-01.', abort: true })
  .refine((date) => {
    const ms = Date.parse(date);
    return ms >= EARLIEST_INSTANT_MS && ms <= LATEST_INSTANT_MS;
  }, 'Use a date between 1970-01-01 and 9999-12-31.');

const TIME_ZONES = new Set(Intl.supportedValuesOf('timeZone'));

/** An IANA time zone: the requested times are wall-clock times there. */
export const timeZoneInput = z
  .string()
  .max(LIMITS.timeZoneChars)
  .refine((zone) => zone === 'UTC' || TIME_ZONES.has(zone), 'Use an IANA time zone such as Europe/Berlin or Africa/Addis_Ababa.');

