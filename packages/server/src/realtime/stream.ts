import type { Database } from '@rapport/db';
import { TRPCError } from '@trpc/server';
import { AppError } from '../errors';
import type { RapportEvent } from '../schemas/events';
import type { Actor } from '../services/auth/sessions';
import { LIMITS } from '../limits';
import { loadBlockSet } from './blocks';
import { prunedThrough, readLog } from './log-reader';
import { comparePositions, formatPosition, laterOf, parsePosition, type Position } from './position';
import type { Realtime } from './realtime';
import { Subscriber } from './subscriber';

const BACKFILL_PAGE = 500;

export interface StreamItem {
  /** The tracked id: resume from it with `lastEventId`. */
  id: string;
  event: RapportEvent;
}

/**
 * One user's events: what they missed since `lastEventId`, then live, with no
 * gap and no duplicate (DESIGN.md §4). The subscriber attaches to the tailer
 * first, so everything dispatched from then on is buffered; the backfill
 * covers the log up to the tailer's position at that moment; the buffer is
 * then flushed, skipping anything at or below what was already sent.
 */
export async function* eventStream(
  realtime: Realtime,
  db: Database,
  actor: Actor,
  lastEventId: string | undefined,
  signal: AbortSignal | undefined,
): AsyncGenerator<StreamItem> {
  const subscriber = new Subscriber(actor.userId, actor.sessionId, await loadBlockSet(db, actor.userId), LIMITS.subscriberQueue);
  realtime.attach(subscriber);
  try {
    const attachedAt = realtime.tailer.position;
    let sent: Position = attachedAt;
    const cursor = lastEventId === undefined ? null : parsePosition(lastEventId);
    if (cursor !== null) {
      if (comparePositions(cursor, await prunedThrough(db)) < 0) {
        yield { id: formatPosition(attachedAt), event: { type: 'resync', at: new Date().toISOString(), reason: 'Your last event is older than the event log keeps. Reload your conversations, then carry on from here.' } };
      } else {
        for (let from = cursor; ; ) {
          const page = await readLog(db, { after: from, upTo: attachedAt, forUser: actor.userId, limit: BACKFILL_PAGE });
          for (const entry of page) {
            from = entry.position;
            if (entry.event) yield { id: formatPosition(entry.position), event: entry.event };
          }
          if (page.length < BACKFILL_PAGE) break;
        }
        sent = laterOf(cursor, attachedAt);
      }
    }
    // A resume point even if nothing else happens before the socket drops.
    yield { id: formatPosition(sent), event: { type: 'ready', at: new Date().toISOString() } };
    for await (const delivery of subscriber.drain(signal)) {
      if (delivery.position !== null) {
        if (comparePositions(delivery.position, sent) <= 0) continue;
        sent = delivery.position;
      }
      // Ephemeral events carry the last durable position, so resuming from
      // one of them neither skips nor repeats a durable event.
      yield { id: formatPosition(sent), event: delivery.event };
    }
  } catch (error) {
    if (error instanceof AppError) throw new TRPCError({ code: error.code, message: error.message, cause: error });
    throw error;
  } finally {
    realtime.detach(subscriber);
  }
}
