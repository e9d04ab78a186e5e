import type { Database } from '@rapport/db';
import { tracked, TRPCError, type TrackedEnvelope } from '@trpc/server';
import type { SocketState } from '../../context';
import { AppError } from '../../errors';
import type { RapportEvent } from '../../schemas/events';
import { loadBlockSet } from '../../domain/blocks';
import { loadCircleIds } from '../../domain/circle-membership';
import type { Actor } from '../../domain/sessions';
import { LIMITS } from '../../limits';
import { logBounds, readLog } from '../../realtime/log-reader';
import { comparePositions, formatPosition, laterOf, parsePosition, type Position } from '../../realtime/position';
import type { Realtime } from '../../realtime/realtime';
import { Subscriber } from '../../realtime/subscriber';

const BACKFILL_PAGE = 500;

/**
 * One user's events: what they missed since `lastEventId`, then live, with no
 * gap and no duplicate (docs/ARCHITECTURE.md, "Event log"). The subscriber
 * attaches to the tailer first, so everything dispatched from then on is
 * buffered; the backfill
 * covers the log up to the tailer's position at that moment; the buffer is
 * then flushed, skipping anything at or below what was already sent.
 *
 * Whom the user blocks and which circles they are in are loaded after the
 * attach, not before: a block, join or leave committed while they load is
 * then either in what they read or dispatched to the attached subscriber,
 * which holds it (and every circle event) until they are in, and judges it
 * against them in log order. Loaded first, a change in between was lost.
 */
export async function* eventStream(
  realtime: Realtime,
  db: Database,
  actor: Actor,
  lastEventId: string | undefined,
  signal: AbortSignal | undefined,
  connection: SocketState | null,
): AsyncGenerator<TrackedEnvelope<RapportEvent>> {
  if (connection === null) {
    // Only a transport that holds a connection open can carry a stream.
    throw new TRPCError({ code: 'BAD_REQUEST', message: 'Open events.stream over the WebSocket or as Server-Sent Events at GET /trpc/events.stream (the SDK does this for you).' });
  }
  if (connection.subscriptions >= LIMITS.subscriptionsPerConnection) {
    throw new TRPCError({
      code: 'TOO_MANY_REQUESTS',
      message: `At most ${LIMITS.subscriptionsPerConnection} event streams per connection; one carries every event.`,
    });
  }
  // Counted before the first await: five streams opened at once must not all
  // pass the check above before any of them is counted.
  connection.subscriptions += 1;
  let subscriber: Subscriber | null = null;
  const stop = () => subscriber?.end(null);
  const { draining } = connection;
  signal?.addEventListener('abort', stop, { once: true });
  // A clean end: the client resumes from its last event, on another instance.
  draining?.addEventListener('abort', stop, { once: true });
  try {
    subscriber = new Subscriber(actor.userId, actor.sessionId, LIMITS.subscriberQueue);
    realtime.attach(subscriber);
    const attachedAt = realtime.tailer.position;
    const [blocked, circles] = await Promise.all([loadBlockSet(db, actor.userId), loadCircleIds(db, actor.userId)]);
    realtime.hub.settle(subscriber, blocked, circles);
    // Stopped before the listeners above were added: nothing will wake it otherwise.
    if (signal?.aborted || draining?.aborted) subscriber.end(null);
    let sent: Position = attachedAt;
    const cursor = lastEventId === undefined ? null : parsePosition(lastEventId);
    if (cursor !== null) {
      const bounds = await logBounds(db);
      const stale = comparePositions(cursor, bounds.prunedThrough) < 0;
      // Past every event the log holds: a cursor from another database (a
      // restore onto a cluster whose transaction counter is lower). Waiting
      // for the log to catch up with it would swallow every event until then.
      const unknown = comparePositions(cursor, laterOf(bounds.newest, attachedAt)) > 0;
      if (stale || unknown) {
        yield tracked(formatPosition(attachedAt), {
          type: 'resync',
          at: new Date().toISOString(),
          reason: stale
            ? 'Your last event is older than the event log keeps. Reload your conversations, then carry on from here.'
            : 'Your last event id is not in this event log (the server\'s data may have been restored). Reload your conversations, then carry on from here.',
        } satisfies RapportEvent);
      } else {
        for (let from = cursor; ; ) {
          const page = await readLog(db, { after: from, upTo: attachedAt, forUser: actor.userId, limit: BACKFILL_PAGE });
          for (const entry of page) {
            from = entry.position;
            if (entry.event) yield tracked(formatPosition(entry.position), entry.event);
          }
          if (page.length < BACKFILL_PAGE) break;
        }
        // Another instance's tailer may be ahead of this one: what the client
        // already has from it is skipped when this tailer reaches it.
        sent = laterOf(cursor, attachedAt);
      }
    }
    // A resume point even if nothing else happens before the socket drops.
    yield tracked(formatPosition(sent), { type: 'ready', at: new Date().toISOString() } satisfies RapportEvent);
    for (let delivery = await subscriber.next(); delivery !== null; delivery = await subscriber.next()) {
      if (delivery.position !== null) {
        if (comparePositions(delivery.position, sent) <= 0) continue;
        sent = delivery.position;
      }
      // Ephemeral events carry the last durable position, so resuming from
      // one of them neither skips nor repeats a durable event.
      yield tracked(formatPosition(sent), delivery.event);
    }
  } catch (error) {
    if (error instanceof AppError) throw new TRPCError({ code: error.code, message: error.message, cause: error });
    throw error;
  } finally {
    connection.subscriptions -= 1;
    signal?.removeEventListener('abort', stop);
    draining?.removeEventListener('abort', stop);
    if (subscriber !== null) realtime.detach(subscriber);
  }
}
