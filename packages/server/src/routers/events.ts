import { tracked, TRPCError } from '@trpc/server';
import { z } from 'zod';
import { LIMITS } from '../limits';
import { POSITION_PATTERN } from '../realtime/position';
import { eventStream } from '../realtime/stream';
import { protectedProcedure, router } from '../trpc';

const presenceView = z.object({ userId: z.uuid(), online: z.boolean(), lastSeenAt: z.iso.datetime().nullable() });

export const eventsRouter = router({
  /**
   * Every event for the signed-in user, on one WebSocket subscription. Each
   * is tracked: the client resumes with `lastEventId` and gets exactly what it
   * missed (or a `resync` event when the log no longer reaches back that far).
   */
  stream: protectedProcedure
    .input(
      z
        .object({ lastEventId: z.string().regex(POSITION_PATTERN, 'Pass back an id this stream gave you.').nullish() })
        .optional(),
    )
    .subscription(async function* ({ ctx, input, signal }) {
      const { connection } = ctx;
      if (connection === null) {
        throw new TRPCError({ code: 'BAD_REQUEST', message: 'Open events.stream over the WebSocket (the SDK does this for you).' });
      }
      if (connection.subscriptions >= LIMITS.subscriptionsPerConnection) {
        throw new TRPCError({
          code: 'TOO_MANY_REQUESTS',
          message: `At most ${LIMITS.subscriptionsPerConnection} event streams per connection; one carries every event.`,
        });
      }
      connection.subscriptions += 1;
      try {
        for await (const item of eventStream(ctx.deps.realtime, ctx.deps.db, ctx.actor, input?.lastEventId ?? undefined, signal)) {
          yield tracked(item.id, item.event);
        }
      } finally {
        connection.subscriptions -= 1;
      }
    }),

  /** Online status and last seen of people the caller shares a conversation with or is friends with. */
  presence: protectedProcedure
    .input(z.object({ userIds: z.array(z.uuid()).min(1).max(LIMITS.pageSize) }))
    .output(z.array(presenceView))
    .query(({ ctx, input }) => ctx.deps.realtime.presence.lookup(ctx.actor.userId, [...new Set(input.userIds)])),
});
