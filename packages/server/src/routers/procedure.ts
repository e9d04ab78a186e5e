import type { Database } from '@rapport/db';
import type { Context } from '../context';
import type { Deps } from '../deps';
import type { Publisher } from '../domain/events/publisher';
import type { Actor } from '../domain/sessions';

/** What a protectedProcedure's resolver receives: the context with the signed-in actor, and the parsed input. */
interface SignedInCall<I> {
  ctx: Context & { actor: Actor };
  input: I;
}

/**
 * The resolver of a signed-in procedure, for a service of the one shape
 * (docs/ARCHITECTURE.md, "Layers"): the database, the actor, the input.
 */
export const serve =
  <I, O>(service: (db: Database, actor: Actor, input: I) => Promise<O>) =>
  ({ ctx, input }: SignedInCall<I>): Promise<O> =>
    service(ctx.deps.db, ctx.actor, input);

/** The same, for a service that takes extras: `pick` names the parts of Deps it gets. */
export const serveWith =
  <I, O, E>(service: (db: Database, actor: Actor, input: I, extras: E) => Promise<O>, pick: (deps: Deps) => E) =>
  ({ ctx, input }: SignedInCall<I>): Promise<O> =>
    service(ctx.deps.db, ctx.actor, input, pick(ctx.deps));

/** The extras of every service that writes events: the publisher and nothing else. */
export const withEvents = (deps: Deps): { events: Publisher } => ({ events: deps.realtime });
