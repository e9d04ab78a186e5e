import type { OutboxItem, OutboxStorage } from '@rapport/sdk';
import { isRecord, readJson, writeJson } from './json-store';

const KEY = 'rapport:outbox';

/**
 * Enough of an item's shape to hand it back to the SDK. Items are written by
 * the SDK through `save` below; the check only keeps a damaged entry from
 * reaching it. The server validates the content again when it is sent, and
 * refuses a bad one as a failed item the user can discard.
 */
function isOutboxItem(value: unknown): value is OutboxItem {
  if (!isRecord(value)) return false;
  return (
    typeof value.clientKey === 'string' &&
    typeof value.userId === 'string' &&
    typeof value.conversationId === 'string' &&
    isRecord(value.content) &&
    typeof value.content.kind === 'string' &&
    (value.replyToId === null || typeof value.replyToId === 'string') &&
    typeof value.queuedAt === 'string' &&
    (value.status === 'pending' || value.status === 'sending' || value.status === 'failed') &&
    typeof value.attempts === 'number'
  );
}

/**
 * The SDK's OutboxStorage on localStorage: a message queued offline survives
 * a reload or a closed tab and is sent when the app next runs, under the same
 * client key, so it can never arrive twice. The queue is shared by every user
 * of this browser; the SDK sends each item only for the user who queued it.
 */
export function localOutboxStorage(): OutboxStorage {
  return {
    load: () => {
      const stored = readJson(KEY);
      return Array.isArray(stored) ? stored.filter(isOutboxItem) : [];
    },
    save: (items) => writeJson(KEY, items),
  };
}
