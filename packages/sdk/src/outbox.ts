import type { TRPCClient } from '@trpc/client';
import { callApp } from './app-callback';
import { backoffDelay, type BackoffOptions } from './backoff';
import { newClientKey } from './client-key';
import { isRapportError } from './errors';
import type { OutboxError, OutboxItem, OutboxStorage } from './outbox-storage';
import { retryAfterMs, retryVerdict } from './retry-policy';
import type { AppRouter } from './router';
import type { MessageContent, MessageView } from './send';
import type { StoredSession } from './storage';

export interface OutboxInput {
  conversationId: string;
  content: MessageContent;
  replyToId?: string;
}

export interface OutboxListener {
  /** After every change, with every item still held, oldest first. */
  onChange?(items: readonly OutboxItem[]): void;
  /** An item reached the server (it has left the queue): `message` is what the server stored. */
  onSent?(item: OutboxItem, message: MessageView): void;
  /** The server refused an item for good; `item.lastError` says why. */
  onFailed?(item: OutboxItem): void;
}

/**
 * Messages that wait for the network: queue one and it is sent as soon as it
 * can be, with one client key for every attempt, so a resend after a lost
 * response never makes a second message.
 *
 * Items go out one at a time in the order they were queued, which keeps each
 * conversation's messages in order. A refused item (BAD_REQUEST, FORBIDDEN,
 * NOT_FOUND) is marked failed and the queue moves on, in its own conversation
 * too: what one message was refused for (its reply target gone, an attachment
 * rejected) says nothing about the next, and holding every later message
 * hostage to one bad one is worse than a visible gap the user can retry or
 * discard. When the session is over, everything waits for the next sign-in
 * of the same user.
 */
export interface Outbox {
  /** Queues a message for the signed-in user; resolves once it is stored (not sent). */
  enqueue(input: OutboxInput): Promise<OutboxItem>;
  /** Every item not yet sent, oldest first: pending, sending and failed, of whoever queued it on this device (see `userId`). */
  items(): readonly OutboxItem[];
  /** Observes the queue; returns the function that stops observing. */
  subscribe(listener: OutboxListener): () => void;
  /** Tries now instead of waiting out the backoff; resolves when nothing more can be sent for the moment. */
  flush(): Promise<void>;
  /** Puts a failed item back in the queue (same key). False if there is no such failed item. */
  retry(clientKey: string): Promise<boolean>;
  /** Drops an item that is not on its way right now. False if there is no such item or it is being sent. */
  discard(clientKey: string): Promise<boolean>;
}

export interface OutboxDeps {
  api: TRPCClient<AppRouter>;
  session(): Promise<StoredSession | null>;
  storage: OutboxStorage;
  backoff: BackoffOptions;
}

type Attempt = { next: 'item' } | { next: 'pause' } | { next: 'wait'; ms: number };

function describeError(error: unknown): OutboxError {
  if (isRapportError(error)) return { code: error.data?.code ?? null, reason: error.data?.reason ?? null, message: error.message };
  return { code: null, reason: null, message: error instanceof Error ? error.message : String(error) };
}

export function createOutbox(deps: OutboxDeps): { outbox: Outbox; wake(): void; close(): void } {
  let items: readonly OutboxItem[] = [];
  // Queued but not yet stored: not sent until the storage has it, so a
  // failed save can still withdraw it.
  const unsaved = new Set<string>();
  const listeners = new Set<OutboxListener>();
  let saving: Promise<void> = Promise.resolve();
  let closed = false;

  const notify = (each: (listener: OutboxListener) => void) => {
    for (const listener of listeners) callApp(() => each(listener));
  };
  const changed = () => {
    const snapshot = items;
    notify((listener) => listener.onChange?.(snapshot));
  };
  const persist = (): Promise<void> => {
    const snapshot = items;
    const saved = saving.then(() => deps.storage.save(snapshot));
    saving = saved.catch(() => undefined);
    return saved;
  };
  // A save that fails after the item was queued leaves the stored copy behind
  // the memory one; the worst it can cause after a restart is resending a
  // sent item, which its client key turns into no new message.
  const persistQuietly = () => void persist().catch(() => undefined);
  const replace = (clientKey: string, patch: Partial<Pick<OutboxItem, 'status' | 'attempts' | 'lastError'>>): OutboxItem | null => {
    const index = items.findIndex((item) => item.clientKey === clientKey);
    const current = items[index];
    if (current === undefined) return null;
    const updated: OutboxItem = { ...current, ...patch };
    items = items.map((item, i) => (i === index ? updated : item));
    changed();
    persistQuietly();
    return updated;
  };
  const remove = (clientKey: string): OutboxItem | null => {
    const found = items.find((item) => item.clientKey === clientKey) ?? null;
    if (found === null) return null;
    items = items.filter((item) => item !== found);
    changed();
    persistQuietly();
    return found;
  };

  const ready = (async () => {
    const stored = (await deps.storage.load()) ?? [];
    // One that was on its way when the app stopped may or may not have
    // arrived; its key makes sending it again safe.
    items = stored.map((item) => (item.status === 'sending' ? { ...item, status: 'pending' } : item));
    if (items.length > 0) changed();
  })();
  ready.catch(() => undefined);

  let running = false;
  let attempt = 0;
  let wakes = 0;
  let interruptWait: (() => void) | null = null;
  let idleWaiters: (() => void)[] = [];
  const settleIdle = () => {
    const waiters = idleWaiters;
    idleWaiters = [];
    for (const resolve of waiters) resolve();
  };
  const wait = (ms: number) =>
    new Promise<void>((resolve) => {
      const finish = () => {
        clearTimeout(timer);
        interruptWait = null;
        resolve();
      };
      const timer = setTimeout(finish, ms);
      interruptWait = finish;
    });

  const sendOne = async (item: OutboxItem): Promise<Attempt> => {
    replace(item.clientKey, { status: 'sending' });
    try {
      const message = await deps.api.chat.send.mutate({
        conversationId: item.conversationId,
        clientKey: item.clientKey,
        content: item.content,
        ...(item.replyToId === null ? {} : { replyToId: item.replyToId }),
      });
      attempt = 0;
      const sent = remove(item.clientKey);
      if (sent !== null) notify((listener) => listener.onSent?.(sent, message));
      return { next: 'item' };
    } catch (error) {
      const verdict = retryVerdict(error);
      const lastError = describeError(error);
      if (verdict === 'fail') {
        const failed = replace(item.clientKey, { status: 'failed', attempts: item.attempts + 1, lastError });
        if (failed !== null) notify((listener) => listener.onFailed?.(failed));
        return { next: 'item' };
      }
      replace(item.clientKey, { status: 'pending', attempts: item.attempts + 1, lastError });
      if (verdict === 'unauthorized') return { next: 'pause' };
      return { next: 'wait', ms: Math.max(backoffDelay(attempt++, deps.backoff), retryAfterMs(error)) };
    }
  };

  const run = async () => {
    if (running) return;
    running = true;
    try {
      await ready;
      while (!closed) {
        const session = await deps.session();
        const item =
          session === null ? undefined : items.find((i) => i.status === 'pending' && i.userId === session.userId && !unsaved.has(i.clientKey));
        if (item === undefined) break;
        const wakesBefore = wakes;
        const outcome = await sendOne(item);
        if (outcome.next === 'item') continue;
        // Woken while that attempt was out (the socket reopened, the session
        // changed): what failed it may be gone, so try again at once.
        if (wakes !== wakesBefore) continue;
        if (outcome.next === 'pause') break;
        settleIdle();
        await wait(outcome.ms);
      }
    } catch {
      // Only the storage's load can throw here; enqueue reports it.
    } finally {
      running = false;
      settleIdle();
    }
  };

  const wake = () => {
    if (closed) return;
    wakes++;
    attempt = 0;
    if (interruptWait) interruptWait();
    else void run();
  };

  const outbox: Outbox = {
    async enqueue(input) {
      if (closed) throw new Error('This client is closed.');
      await ready;
      const session = await deps.session();
      if (session === null) throw new Error('Sign in before queueing messages: each is sent as the user who queued it.');
      const item: OutboxItem = {
        clientKey: newClientKey(),
        userId: session.userId,
        conversationId: input.conversationId,
        content: input.content,
        replyToId: input.replyToId ?? null,
        queuedAt: new Date().toISOString(),
        status: 'pending',
        attempts: 0,
        lastError: null,
      };
      items = [...items, item];
      unsaved.add(item.clientKey);
      try {
        await persist();
      } catch (error) {
        items = items.filter((i) => i !== item);
        throw error;
      } finally {
        unsaved.delete(item.clientKey);
      }
      changed();
      void run();
      return item;
    },
    items: () => items,
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    flush() {
      if (closed) return Promise.resolve();
      const idle = new Promise<void>((resolve) => idleWaiters.push(resolve));
      wake();
      return idle;
    },
    async retry(clientKey) {
      await ready;
      if (!items.some((item) => item.clientKey === clientKey && item.status === 'failed')) return false;
      replace(clientKey, { status: 'pending' });
      void run();
      return true;
    },
    async discard(clientKey) {
      await ready;
      const item = items.find((i) => i.clientKey === clientKey);
      if (item === undefined || item.status === 'sending') return false;
      remove(clientKey);
      await saving;
      return true;
    },
  };

  return {
    outbox,
    wake,
    close() {
      closed = true;
      interruptWait?.();
      settleIdle();
    },
  };
}
