import { events, type Executor } from '@rapport/db';
import type { BlockPayload, DurableType, InternalEventType, StoredPayload } from './definitions';

/**
 * One row for the event log. `conversationId` addresses the conversation's
 * members at delivery time; `circleId` a circle's members who are connected
 * (its feed); `audience` names users explicitly (both sides of a connection,
 * or a member who has just been removed and must hear it).
 */
export type NewEvent =
  | {
      [T in DurableType]: {
        type: T;
        conversationId?: string;
        circleId?: string;
        audience?: string[];
        actorId: string | null;
        payload: StoredPayload<T>;
      };
    }[DurableType]
  | { type: InternalEventType; conversationId?: undefined; circleId?: undefined; audience?: string[]; actorId: string; payload: BlockPayload };

/**
 * Appends events inside the caller's transaction: they commit, or vanish,
 * with the change they describe. Run it through writeWithEvents, which wakes
 * the readers once the transaction has committed.
 */
export async function appendEvents(db: Executor, list: NewEvent[]): Promise<void> {
  if (list.length === 0) return;
  await db.insert(events).values(
    list.map((event) => ({
      type: event.type,
      conversationId: event.conversationId ?? null,
      circleId: event.circleId ?? null,
      audience: event.audience ?? [],
      actorId: event.actorId,
      payload: { ...event.payload },
    })),
  );
}
