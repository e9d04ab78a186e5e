import { z } from 'zod';
import { LIMITS } from '../../limits';
import { parsePosition } from '../../realtime/position';
import { eventStream } from './stream';
import { protectedProcedure, router } from '../../trpc';
import { restRoutes } from '../rest-route';

const rest = restRoutes('events');

const presenceView = z.object({ userId: z.uuid(), online: z.boolean(), lastSeenAt: z.iso.datetime().nullable() });

export const eventsRouter = router({
  /**
   * Every event for the signed-in user, on one subscription over the WebSocket or Server-Sent Events. Each
   * is tracked: the client resumes with `lastEventId` and gets exactly what it
   * missed (or a `resync` event when the log no longer reaches back that far).
   */
  stream: protectedProcedure
    .input(
      z
        .object({
          lastEventId: z
            .string()
            .max(64)
            .refine((id) => parsePosition(id) !== null, 'Pass back an id this stream gave you.')
            .nullish(),
        })
        .optional(),
    )
    .subscription(({ ctx, input, signal }) =>
      // Each event is yielded with tracked(id, event) by the stream itself.
      eventStream(ctx.deps.realtime, ctx.deps.db, ctx.actor, input?.lastEventId ?? undefined, signal, ctx.connection),
    ),

  /** Online status and last seen of people the caller shares a conversation with or is friends with. */
  presence: protectedProcedure
    .meta(rest('GET', '/presence', 'Online status and last seen of people I share a conversation with or am friends with.'))
    .input(z.object({ userIds: z.array(z.uuid()).min(1).max(LIMITS.pageSize) }))
    .output(z.array(presenceView))
    .query(({ ctx, input }) => ctx.deps.realtime.presence.lookup(ctx.actor.userId, [...new Set(input.userIds)])),
});
