import type { MessageView, OutboxItem, RapportClient, RouterOutputs } from '@rapport/sdk';
import type { MessageStore } from '../chat/message-store';
import type { ReadReceipts } from '../chat/read-receipts';
import type { TypingIndicator } from '../chat/typing-indicator';
import type { TypingSignal } from '../chat/typing-signal';
import { button, el, replaceChildren } from '../dom';
import { describeError } from '../errors';
import { conversationTitle } from './chats-view';

type Conversation = RouterOutputs['chat']['get'];

/** One history page when a conversation is first opened; after that the event stream keeps it current. */
const HISTORY_PAGE = 50;

export interface ChatViewDeps {
  client: RapportClient;
  userId: string;
  messages: MessageStore;
  receipts: ReadReceipts;
  typing: TypingIndicator;
  typingSignal: TypingSignal;
  /**
   * Settles at the stream's first `ready`: from then on every new event
   * reaches us, so a history page read after it leaves no gap between
   * itself and the stream.
   */
  streamReady: Promise<void>;
  /** The conversation now open (remembered for the next page load). */
  opened(conversationId: string): void;
}

/** What a message says, for the kinds this example does not draw in full. */
function textOf(message: Pick<MessageView, 'body' | 'kind' | 'deletedAt'>): string {
  if (message.deletedAt !== null) return 'This message was deleted.';
  return message.body ?? `[${message.kind}]`;
}

/** A queued message's line under its text: where it is on its way. */
function pendingLabel(item: OutboxItem): string {
  if (item.status === 'failed') return `Not sent: ${item.lastError?.message ?? 'refused by the server'}`;
  if (item.status === 'sending') return 'Sending…';
  if (item.lastError === null) return 'Waiting to send…';
  if (item.lastError.code === null) return 'Not sent yet: waiting for the network';
  return `Not sent yet (${item.lastError.message}): trying again`;
}

/**
 * The open conversation: its messages (what the store holds, then the
 * outbox's copies not yet acknowledged), who is typing, and the composer.
 * Everything is drawn from the stores, so an event, a history page and the
 * outbox's answer all end up as one line per message.
 */
export class ChatView {
  readonly element: HTMLElement;
  private readonly title = el('h2', { id: 'chat-heading' }, 'No chat open');
  private readonly list = el('ol', { class: 'messages', 'aria-label': 'Messages' });
  private readonly typingLine = el('p', { class: 'typing', 'aria-live': 'polite', hidden: true });
  private readonly error = el('p', { class: 'error', role: 'alert' });
  private readonly input = el('input', { id: 'composer', autocomplete: 'off', disabled: true, maxlength: '4000' });
  private readonly send = el('button', { type: 'submit', disabled: true }, 'Send');
  private current: Conversation | null = null;
  /** Bumped on every open, so a slow answer for a chat since left is dropped. */
  private opening = 0;

  constructor(private readonly deps: ChatViewDeps) {
    const composer = el('form', { class: 'composer' }, el('label', { for: 'composer' }, 'Message'), this.input, this.send);
    composer.addEventListener('submit', (event) => {
      event.preventDefault();
      void this.sendMessage();
    });
    this.input.addEventListener('input', () => {
      if (this.current !== null && this.input.value.trim() !== '') this.deps.typingSignal.typed(this.current.id);
    });
    this.element = el('section', { class: 'chat', 'aria-labelledby': 'chat-heading' }, this.title, this.list, this.typingLine, this.error, composer);
  }

  conversationId(): string | null {
    return this.current?.id ?? null;
  }

  /** Opens the direct conversation with someone, creating it on first use. */
  async openWith(userId: string): Promise<void> {
    const token = ++this.opening;
    try {
      const conversation = await this.deps.client.api.chat.openDirect.mutate({ userId });
      if (token === this.opening) await this.show(conversation, token);
    } catch (failure) {
      if (token === this.opening) this.error.textContent = describeError(failure);
    }
  }

  async open(conversationId: string): Promise<void> {
    const token = ++this.opening;
    try {
      const conversation = await this.deps.client.api.chat.get.query({ conversationId });
      if (token === this.opening) await this.show(conversation, token);
    } catch (failure) {
      if (token === this.opening) this.error.textContent = describeError(failure);
    }
  }

  /** After a resync the store was emptied: read the open conversation again. */
  async reload(): Promise<void> {
    if (this.current !== null) await this.open(this.current.id);
  }

  /** Draws the messages again: after an event, an outbox change, new read state, or the page becoming visible. */
  render(): void {
    const conversation = this.current;
    if (conversation === null) return;
    const atBottom = this.list.scrollHeight - this.list.scrollTop - this.list.clientHeight < 48;
    const messages = this.deps.messages.list(conversation.id);
    const readUpTo = this.deps.receipts.othersReadUpTo(conversation.id);
    // Outbox copies whose message has arrived are drawn as the message; the
    // outbox drops them itself a moment later, when their send returns.
    const pending = this.deps.client.outbox
      .items()
      .filter((item) => item.conversationId === conversation.id && item.userId === this.deps.userId && !this.deps.messages.hasClientKey(conversation.id, item.clientKey));
    replaceChildren(this.list, ...messages.map((message) => this.messageItem(conversation, message, readUpTo)), ...pending.map((item) => this.pendingItem(item)));
    if (atBottom) this.list.scrollTop = this.list.scrollHeight;
    this.markRead(conversation.id, messages);
  }

  renderTyping(): void {
    const conversation = this.current;
    const names = conversation === null ? [] : this.deps.typing.typing(conversation.id).map((userId) => this.nameOf(conversation, userId));
    this.typingLine.textContent = names.length === 0 ? '' : `${names.join(', ')} ${names.length === 1 ? 'is' : 'are'} typing…`;
    this.typingLine.hidden = names.length === 0;
  }

  private async show(conversation: Conversation, token: number): Promise<void> {
    this.current = conversation;
    this.error.textContent = '';
    this.title.textContent = `Chat with ${conversationTitle(conversation, this.deps.userId)}`;
    this.input.disabled = this.send.disabled = false;
    this.deps.opened(conversation.id);
    // What this tab already holds is drawn at once, before any request.
    this.render();
    this.renderTyping();
    await this.deps.streamReady;
    if (token !== this.opening) return;
    try {
      const history = this.deps.messages.hasHistory(conversation.id)
        ? null
        : this.deps.client.api.chat.history.query({ conversationId: conversation.id, limit: HISTORY_PAGE });
      const [page] = await Promise.all([history, this.deps.receipts.load(conversation.id)]);
      if (page !== null) this.deps.messages.merge(conversation.id, page.items, true);
      if (token === this.opening) this.render();
    } catch (failure) {
      if (token === this.opening) this.error.textContent = describeError(failure);
    }
  }

  private messageItem(conversation: Conversation, message: MessageView, readUpTo: number): HTMLLIElement {
    const mine = message.senderId === this.deps.userId;
    const kind = message.senderId === null ? 'system' : mine ? 'mine' : 'theirs';
    const state = mine ? (message.seq <= readUpTo ? 'read' : 'sent') : 'received';
    return el(
      'li',
      { class: `message ${kind}`, 'data-message-id': message.id, 'data-seq': String(message.seq), 'data-state': state },
      kind === 'theirs' && conversation.kind === 'group' && message.senderId !== null ? el('span', { class: 'sender' }, this.nameOf(conversation, message.senderId)) : null,
      el('span', { class: 'body' }, textOf(message)),
      mine ? el('span', { class: 'meta' }, state === 'read' ? 'Read' : 'Sent') : null,
    );
  }

  private pendingItem(item: OutboxItem): HTMLLIElement {
    const failed = item.status === 'failed';
    const { outbox } = this.deps.client;
    return el(
      'li',
      { class: 'message mine pending', 'data-client-key': item.clientKey, 'data-state': failed ? 'failed' : 'pending' },
      el('span', { class: 'body' }, item.content.body ?? `[${item.content.kind}]`),
      el('span', { class: 'meta' }, pendingLabel(item)),
      failed ? button('Retry', async () => void (await outbox.retry(item.clientKey))) : null,
      failed ? button('Discard', async () => void (await outbox.discard(item.clientKey))) : null,
    );
  }

  private async sendMessage(): Promise<void> {
    const conversation = this.current;
    const body = this.input.value.trim();
    if (conversation === null || body === '') return;
    this.error.textContent = '';
    try {
      // Every message goes through the outbox, online or not: it is stored
      // (in localStorage) before it is sent, keeps one client key for every
      // attempt, and is drawn as pending until the server has it.
      await this.deps.client.outbox.enqueue({ conversationId: conversation.id, content: { kind: 'text', body } });
      this.input.value = '';
      this.deps.typingSignal.sent(conversation.id);
    } catch (failure) {
      this.error.textContent = describeError(failure);
    }
  }

  /** Marks what is on screen as read, when the page is actually visible and someone else wrote something new. */
  private markRead(conversationId: string, messages: readonly MessageView[]): void {
    if (document.visibilityState !== 'visible') return;
    const last = messages.at(-1);
    if (last === undefined) return;
    const newestFromOthers = messages.findLast((message) => message.senderId !== this.deps.userId);
    if (newestFromOthers === undefined) return;
    this.deps.receipts.markRead(conversationId, last.seq);
  }

  private nameOf(conversation: Conversation, userId: string): string {
    return conversation.members.find((member) => member.userId === userId)?.name ?? 'Someone';
  }
}
