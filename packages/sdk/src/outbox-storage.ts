import type { MessageContent } from './send';

/**
 * - `pending`: waiting its turn, or for the network to come back;
 * - `sending`: on its way now;
 * - `failed`: the server refused it for good (see `lastError`); it stays until
 *   you retry or discard it.
 */
export type OutboxItemStatus = 'pending' | 'sending' | 'failed';

export interface OutboxError {
  /** The tRPC code, e.g. NOT_FOUND; null when no answer arrived (offline). */
  code: string | null;
  reason: string | null;
  message: string;
}

/** One queued message. Plain data, so a storage can keep it as JSON. */
export interface OutboxItem {
  /** Stable across every attempt, so a resend after a lost response is never a second message. */
  readonly clientKey: string;
  /** Who queued it: only that user's session ever sends it. */
  readonly userId: string;
  readonly conversationId: string;
  readonly content: MessageContent;
  readonly replyToId: string | null;
  readonly queuedAt: string;
  readonly status: OutboxItemStatus;
  readonly attempts: number;
  readonly lastError: OutboxError | null;
}

/**
 * Where unsent messages survive a restart: memory by default; pass one backed
 * by localStorage, IndexedDB or AsyncStorage to keep them across app launches.
 * `save` gets the whole queue each time (it is small).
 */
export interface OutboxStorage {
  load(): readonly OutboxItem[] | null | Promise<readonly OutboxItem[] | null>;
  save(items: readonly OutboxItem[]): void | Promise<void>;
}

export function memoryOutboxStorage(initial: readonly OutboxItem[] = []): OutboxStorage {
  let current = initial;
  return {
    load: () => current,
    save: (items) => {
      current = items;
    },
  };
}
