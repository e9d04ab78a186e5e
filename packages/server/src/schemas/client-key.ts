import { z } from 'zod';
import { LIMITS } from '../limits';

/**
 * An idempotency key a client picks for a write it may retry: the same key
 * returns the first result (docs/ARCHITECTURE.md, "Invariants").
 */
export const clientKeyInput = z
  .string()
  .min(8, 'Use a random key of at least 8 characters, e.g. a UUID.')
  .max(LIMITS.clientKeyChars)
  .regex(/^[A-Za-z0-9_-]+$/, 'Use letters, digits, - and _ only (a UUID works).');
