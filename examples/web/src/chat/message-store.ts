import type { MessageView } from '@rapport/sdk';
import { isRecord, readJson, removeKeysStartingWith, userKey, writeJson } from '../storage/json-store';

/** Messages kept per conversation, newest first: enough to fill the screen, small enough to rewrite on each event. */
const KEPT_PER_CONVERSATION = 200;

interface StoredConversation {
  /** True once a history page was merged in: from then on the event stream alone keeps it complete. */
  historyLoaded: boolean;
  messages: MessageView[];
}

/** The fields the views read; a cached entry without them is dropped rather than drawn wrong. */
function isMessageView(value: unknown): value is MessageView {
  return (
    isRecord(value) &&
    typeof value.id === 'string' &&
    typeof value.conversationId === 'string' &&
    typeof value.seq === 'number' &&
    typeof value.kind === 'string' &&
    (value.senderId === null || typeof value.senderId === 'string') &&
    (value.body === null || typeof value.body === 'string') &&
    (value.clientKey === null || typeof value.clientKey === 'string') &&
    typeof value.createdAt === 'string'
  );
}

function parseStored(value: unknown): StoredConversation | null {
  if (!isRecord(value) || typeof value.historyLoaded !== 'boolean' || !Array.isArray(value.messages)) return null;
  return { historyLoaded: value.historyLoaded, messages: value.messages.filter(isMessageView) };
}

/**
 * Of two copies of one message, the one that says more happened to it: an
 * edit or a deletion can arrive over the stream before a history page that
 * was read earlier, and the page must not undo it.
 */
function laterVersion(current: MessageView, incoming: MessageView): MessageView {
  if (current.deletedAt !== null && incoming.deletedAt === null) return current;
  if (incoming.deletedAt !== null) return incoming;
  if (current.editedAt !== null && (incoming.editedAt === null || incoming.editedAt < current.editedAt)) return current;
  return incoming;
}

/**
 * Every message this tab has seen, per conversation, keyed by message id, so
 * the same message from a history page, a live event, a replay after a reload
 * and the outbox's own answer is one message on screen. Kept in localStorage
 * (per user), so after a reload the chat is drawn at once and only what
 * happened meanwhile comes over the stream.
 */
export class MessageStore {
  private readonly conversations = new Map<string, { historyLoaded: boolean; byId: Map<string, MessageView> }>();

  constructor(private readonly userId: string) {}

  /** The conversation's messages in seq order. */
  list(conversationId: string): MessageView[] {
    return [...this.entry(conversationId).byId.values()].sort((a, b) => a.seq - b.seq);
  }

  hasHistory(conversationId: string): boolean {
    return this.entry(conversationId).historyLoaded;
  }

  /** The message with this client key, if it has arrived: how a pending outbox copy knows it is no longer pending. */
  hasClientKey(conversationId: string, clientKey: string): boolean {
    for (const message of this.entry(conversationId).byId.values()) if (message.clientKey === clientKey) return true;
    return false;
  }

  /** Merges messages in (new ones added, known ones updated); `fromHistory` marks the conversation as loaded. */
  merge(conversationId: string, messages: readonly MessageView[], fromHistory = false): void {
    const entry = this.entry(conversationId);
    for (const message of messages) {
      const current = entry.byId.get(message.id);
      entry.byId.set(message.id, current === undefined ? message : laterVersion(current, message));
    }
    if (fromHistory) entry.historyLoaded = true;
    this.trim(entry.byId);
    this.persist(conversationId);
  }

  /** A deletion event names the message only: keep its place, drop its content. */
  markDeleted(conversationId: string, messageId: string, at: string): void {
    const entry = this.entry(conversationId);
    const current = entry.byId.get(messageId);
    if (current === undefined) return;
    entry.byId.set(messageId, { ...current, body: null, deletedAt: current.deletedAt ?? at });
    this.persist(conversationId);
  }

  /** After a resync the caches may have gaps: forget them all, and reload what is shown. */
  forgetAll(): void {
    this.conversations.clear();
    removeKeysStartingWith(userKey(this.userId, 'chat:'));
  }

  private entry(conversationId: string) {
    let entry = this.conversations.get(conversationId);
    if (entry === undefined) {
      const stored = parseStored(readJson(this.key(conversationId)));
      entry = {
        historyLoaded: stored?.historyLoaded ?? false,
        byId: new Map((stored?.messages ?? []).map((message) => [message.id, message])),
      };
      this.conversations.set(conversationId, entry);
    }
    return entry;
  }

  private trim(byId: Map<string, MessageView>): void {
    if (byId.size <= KEPT_PER_CONVERSATION) return;
    const oldest = [...byId.values()].sort((a, b) => a.seq - b.seq).slice(0, byId.size - KEPT_PER_CONVERSATION);
    for (const message of oldest) byId.delete(message.id);
  }

  private persist(conversationId: string): void {
    const entry = this.entry(conversationId);
    const stored: StoredConversation = { historyLoaded: entry.historyLoaded, messages: [...entry.byId.values()] };
    writeJson(this.key(conversationId), stored);
  }

  private key(conversationId: string): string {
    return userKey(this.userId, `chat:${conversationId}`);
  }
}
