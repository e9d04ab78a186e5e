import type { PackageSnapshot } from '@rapport/db';
import { AppError } from '../../errors';
import { LIMITS } from '../../limits';
import type { SessionRequestCreateInput } from '../../schemas/session-requests/requests';

type ScheduleRequest = Pick<SessionRequestCreateInput, 'scheduleType' | 'startTime' | 'endTime' | 'startDate' | 'timeZone'>;

const DAY_MS = 24 * 60 * 60 * 1000;
// With no time zone given, "today" is the earliest date still current
// anywhere (UTC−12), so nobody is told their today is in the past.
const EARLIEST_OFFSET_MS = 12 * 60 * 60 * 1000;

const minutesOf = (clock: string) => Number(clock.slice(0, 2)) * 60 + Number(clock.slice(3, 5));

/** Today's date where the requester is, as YYYY-MM-DD. */
function today(timeZone: string | undefined, now: number): string {
  if (timeZone === undefined) return new Date(now - EARLIEST_OFFSET_MS).toISOString().slice(0, 10);
  return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(now);
}

/**
 * The schedule rules that depend on the package (the input schema has
 * already checked the shape: days for recurring, a date for one-time, end
 * after start). Throws BAD_REQUEST with a sentence naming the package.
 */
export function checkScheduleFits(pkg: PackageSnapshot, request: ScheduleRequest, now = Date.now()): void {
  if (request.scheduleType !== pkg.scheduleType) {
    throw new AppError(
      'BAD_REQUEST',
      pkg.scheduleType === 'recurring'
        ? `"${pkg.name}" is a recurring package: choose the days of the week (scheduleType "recurring").`
        : `"${pkg.name}" is a one-time package: choose a date (scheduleType "one_time").`,
    );
  }
  const window = minutesOf(request.endTime) - minutesOf(request.startTime);
  if (window < pkg.minutesPerSession) {
    throw new AppError(
      'BAD_REQUEST',
      `The time from ${request.startTime} to ${request.endTime} is shorter than one ${pkg.minutesPerSession}-minute session of "${pkg.name}".`,
    );
  }
  if (request.startDate !== undefined) {
    const earliest = today(request.timeZone, now);
    if (request.startDate < earliest) throw new AppError('BAD_REQUEST', `The start date ${request.startDate} is in the past.`);
    const latest = new Date(Date.parse(earliest) + LIMITS.requestStartDaysAhead * DAY_MS).toISOString().slice(0, 10);
    if (request.startDate > latest) throw new AppError('BAD_REQUEST', `The start date can be at most a year ahead (${latest}).`);
  }
}
