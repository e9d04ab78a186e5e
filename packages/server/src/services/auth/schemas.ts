import { z } from 'zod';

// Trimmed before it is checked, so a pasted " ada@example.com " is accepted as
// the address it obviously is rather than refused as invalid.
export const email = z.string().trim().pipe(z.email('Enter a valid email address.').max(254));
// The upper bound keeps a megabyte "password" from tying up the hasher.
export const password = z.string().min(8, 'Use at least 8 characters.').max(128, 'Use at most 128 characters.');
export const refreshToken = z.string().min(20).max(200);
