import { TRPC_ERROR_CODES_BY_KEY, type TRPC_ERROR_CODE_KEY } from '@trpc/server/rpc';
import { z } from 'zod';

const codes = Object.keys(TRPC_ERROR_CODES_BY_KEY) as [TRPC_ERROR_CODE_KEY, ...TRPC_ERROR_CODE_KEY[]];
const errorCode = z.enum(codes);

/**
 * The body of every REST error, as the OpenAPI document describes it: tRPC's
 * error with its code as a name. `data` is the same object a tRPC client reads
 * as `error.data` (../error-shape.ts).
 */
export const restErrorBody = z
  .object({
    message: z.string().meta({ description: 'What went wrong, written for a person.' }),
    code: errorCode,
    data: z.object({
      code: errorCode,
      httpStatus: z.number().int(),
      path: z.string().optional().meta({ description: 'The procedure, e.g. connections.create.' }),
      fieldErrors: z
        .record(z.string(), z.array(z.string()))
        .nullable()
        .meta({ description: 'For invalid input: messages per field, keyed by dotted path ("interests.2").' }),
      retryAfterSeconds: z.number().int().nullable().meta({ description: 'With TOO_MANY_REQUESTS: seconds to wait (also the Retry-After header).' }),
      reason: z.string().nullable().meta({ description: 'A machine-readable reason where the code alone is ambiguous, e.g. TOKEN_EXPIRED.' }),
    }),
  })
  .meta({ id: 'Error' });
