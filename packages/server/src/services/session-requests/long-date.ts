const format = new Intl.DateTimeFormat('en-US', { month: 'long', day: 'numeric', year: 'numeric', timeZone: 'UTC' });

/** "November 21, 2026": how request errors say when something happened (the seed's 409 wording). */
export const longDate = (date: Date): string => format.format(date);
