import { readJson, removeKey, userKey, writeJson } from './json-store';

/**
 * Where this user's event stream left off: the id of the last event the app
 * has applied. Saved after each event is applied to the caches (both are
 * synchronous localStorage writes, so a reload can never save one without
 * the other), and handed back to `events.subscribe` as `lastEventId`, so the
 * server replays exactly what happened while the page was away.
 */
export interface EventCursor {
  load(): string | null;
  save(id: string): void;
  clear(): void;
}

export function eventCursor(userId: string): EventCursor {
  const key = userKey(userId, 'lastEventId');
  return {
    load: () => {
      const value = readJson(key);
      return typeof value === 'string' ? value : null;
    },
    save: (id) => writeJson(key, id),
    clear: () => removeKey(key),
  };
}
