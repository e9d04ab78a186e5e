import type { TRPCBuiltRouter } from '@trpc/server';
import type { AppRouter as ServerRouter } from '@rapport/server';

type ServerRootTypes = ServerRouter['_def']['_config']['$types'];

/**
 * The server's router as a client sees it: every procedure with its input,
 * output and error shape, and none of the server's context (which is the
 * server's business: its database, token keys and request details).
 *
 * tRPC 11 procedures do not carry the context in their type, so keeping the
 * record and replacing only the root context loses nothing a client can call.
 */
export type AppRouter = TRPCBuiltRouter<
  {
    ctx: object;
    meta: ServerRootTypes['meta'];
    errorShape: ServerRootTypes['errorShape'];
    transformer: ServerRootTypes['transformer'];
  },
  ServerRouter['_def']['record']
>;
