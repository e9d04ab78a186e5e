import { getErrorShape, type TRPCError, type TRPCErrorShape, type ProcedureType } from '@trpc/server';
import { appRouter } from '../routers/index';

/**
 * The error shape for a request refused by the transport before any procedure
 * ran, built by the router's own formatter so it reads like every other error.
 */
export function refusalShape(error: TRPCError, type: ProcedureType | 'unknown' = 'unknown', path?: string): TRPCErrorShape {
  return getErrorShape({ config: appRouter._def._config, error, type, path, input: undefined, ctx: undefined });
}
