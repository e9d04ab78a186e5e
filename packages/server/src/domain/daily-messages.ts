/**
 * The dashboard's message of the day, one list in one place (the seed's
 * "You showed up — that's enough."). Everyone sees the same message on the
 * same day of their own calendar; the list is walked a day at a time, so it
 * repeats only after every message has been seen. Add to the end: inserting
 * in the middle shifts which message falls on which day.
 */
export const DAILY_MESSAGES = [
  'You showed up — that’s enough.',
  'Small steps still move you forward.',
  'Someone is glad you’re here today.',
  'Rest is part of the work.',
  'Say hello to one new person today.',
  'Progress, not perfection.',
  'Your presence makes a circle warmer.',
  'Be as kind to yourself as you are to your friends.',
  'Listening is a gift you can give today.',
  'A short walk can change a whole day.',
  'Ask someone how they really are.',
  'You don’t have to do it all today.',
  'Curiosity is a good place to start.',
  'Celebrate something small.',
] as const;

/** The message for a calendar day (YYYY-MM-DD, in the user's time zone). */
export function dailyMessage(day: string): string {
  const daysSinceEpoch = Math.floor(Date.parse(`${day}T00:00:00Z`) / 86_400_000);
  const index = ((daysSinceEpoch % DAILY_MESSAGES.length) + DAILY_MESSAGES.length) % DAILY_MESSAGES.length;
  return DAILY_MESSAGES[index] ?? DAILY_MESSAGES[0];
}
