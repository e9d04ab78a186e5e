import { z } from 'zod';

export const email = z.email('Enter a valid email address.').max(254).trim();
// The upper bound keeps a megabyte "password" from tying up the hasher.
export const password = z.string().min(8, 'Use at least 8 characters.').max(128, 'Use at most 128 characters.');
export const refreshToken = z.string().min(20).max(200);
