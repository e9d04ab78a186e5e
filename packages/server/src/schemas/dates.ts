import { z } from 'zod';

/**
 * The instants any date input may name. JS Date reaches back to 271821 BC,
 * PostgreSQL timestamptz to 4713 BC, but neither agrees on how to write years
 * outside 0001..9999 (year 0000, "+010000-…"), so a value at the edge parses in
 * one and overflows in the other: a 500, not a field error. Nothing this API
 * stores predates the Unix epoch, and 9999 is the last year ISO 8601 writes
 * with four digits.
 */
export const EARLIEST_INSTANT_MS = Date.UTC(1970, 0, 1);
export const LATEST_INSTANT_MS = Date.UTC(9999, 11, 31, 23, 59, 59, 999);

const FORMAT = 'Use an ISO 8601 date and time, e.g. 2030-01-31T18:00:00Z.';
const IN_RANGE = 'Use a date and time between 1970 and 9999 (UTC).';

const inRange = (iso: string) => {
  const ms = Date.parse(iso);
  return ms >= EARLIEST_INSTANT_MS && ms <= LATEST_INSTANT_MS;
};

/** An ISO 8601 instant in UTC ("…Z"), as the server writes them, within the range both JS and PostgreSQL hold. */
export const instantInput = z.iso.datetime({ error: FORMAT, abort: true }).refine(inRange, IN_RANGE);

/**
 * An instant after now and at most `horizonDays` ahead, with or without a UTC
 * offset. The horizon also keeps it inside the range above: an offset can push
 * a 9999 wall-clock time past 9999 UTC.
 */
export const futureInstantInput = (horizonDays: number, inThePast: string) =>
  z.iso
    .datetime({ offset: true, error: FORMAT, abort: true })
    .refine((iso) => Date.parse(iso) > Date.now(), { message: inThePast, abort: true })
    .refine((iso) => Date.parse(iso) <= Date.now() + horizonDays * 86_400_000, `Pick a time at most ${horizonDays} days ahead.`);
