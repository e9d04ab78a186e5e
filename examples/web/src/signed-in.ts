import type { EventStreamStatus, RapportClient, RapportEvent } from '@rapport/sdk';
import { MessageStore } from './chat/message-store';
import { ReadReceipts } from './chat/read-receipts';
import { TypingIndicator } from './chat/typing-indicator';
import { TypingSignal } from './chat/typing-signal';
import { button, el, replaceChildren } from './dom';
import { describeError } from './errors';
import { openLiveEvents } from './live/live-events';
import { eventCursor } from './storage/event-cursor';
import { removeKeysStartingWith, userKey } from './storage/json-store';
import { openChatMemory } from './storage/open-chat';
import { ChatView } from './views/chat-view';
import { ChatsView } from './views/chats-view';
import { FriendsView } from './views/friends-view';
import { PeopleView } from './views/people-view';
import { RequestsView } from './views/requests-view';

const STATUS_TEXT: Record<EventStreamStatus, string> = {
  connecting: 'Connecting…',
  live: 'Live',
  reconnecting: 'Reconnecting…',
  ended: 'Disconnected',
};

/**
 * The signed-in page: the views, the stores they draw from, and the one event
 * stream that keeps them current. Returns what stops it all (on sign-out, or
 * when the session ends).
 */
export function startSignedIn(root: HTMLElement, client: RapportClient, userId: string, signedOut: () => void): () => void {
  const { api } = client;
  const messages = new MessageStore(userId);
  const cursor = eventCursor(userId);
  const openChat = openChatMemory(userId);
  const typingSignal = new TypingSignal(api);
  let markReady: () => void = () => undefined;
  const streamReady = new Promise<void>((resolve) => {
    markReady = resolve;
  });

  const typing = new TypingIndicator((conversationId) => {
    if (chat.conversationId() === conversationId) chat.renderTyping();
  });
  const receipts = new ReadReceipts(api, userId, (conversationId) => {
    if (chat.conversationId() === conversationId) chat.render();
  });
  const chat = new ChatView({ client, userId, messages, receipts, typing, typingSignal, streamReady, opened: (id) => openChat.save(id) });
  const chats = new ChatsView(client, userId, (id) => void chat.open(id));
  const friends = new FriendsView(client, (id) => void chat.openWith(id));
  const connectionsChanged = () => {
    void requests.refresh();
    void friends.refresh();
    void people.refresh();
  };
  const requests = new RequestsView(client, connectionsChanged);
  const people = new PeopleView(client, userId, { openChat: (id) => void chat.openWith(id), changed: connectionsChanged });

  const who = el('strong', {}, '…');
  const status = el('span', { class: 'status', 'data-status': 'connecting', role: 'status' }, STATUS_TEXT.connecting);
  const headerError = el('span', { class: 'error', role: 'alert' });
  const header = el(
    'header',
    {},
    el('span', { class: 'brand' }, 'Rapport'),
    el('span', {}, 'Signed in as ', who),
    status,
    headerError,
    button('Sign out', () => signOut()),
  );
  replaceChildren(root, header, el('div', { class: 'layout' }, el('aside', {}, people.element, requests.element, friends.element, chats.element), chat.element));

  const applyEvent = (event: RapportEvent) => {
    switch (event.type) {
      case 'ready':
        markReady();
        break;
      case 'message.created':
      case 'message.edited': {
        const { message } = event;
        messages.merge(event.conversationId, [message]);
        if (message.senderId !== null) {
          // Sending moves the sender's own read marker on the server (with no
          // event of its own): they have read everything up to their message.
          receipts.update(event.conversationId, message.senderId, message.seq);
          if (message.senderId !== userId) typing.clear(event.conversationId, message.senderId);
        }
        if (chat.conversationId() === event.conversationId) chat.render();
        chats.refreshSoon();
        break;
      }
      case 'message.deleted':
        messages.markDeleted(event.conversationId, event.messageId, event.at);
        if (chat.conversationId() === event.conversationId) chat.render();
        break;
      case 'read.updated':
        receipts.update(event.conversationId, event.userId, event.lastReadSeq);
        if (event.userId === userId) chats.refreshSoon();
        break;
      case 'typing':
        if (event.userId !== userId) typing.show(event.conversationId, event.userId, event.at, event.expiresAt);
        break;
      case 'connection.requested':
      case 'connection.accepted':
        connectionsChanged();
        break;
      case 'conversation.created':
      case 'member.added':
      case 'member.removed':
        chats.refreshSoon();
        break;
      default:
        // Reactions, presence, groups and tutoring are beyond this example.
        break;
    }
  };

  const stream = openLiveEvents(client, cursor, {
    onEvent: applyEvent,
    onResync: () => {
      // The server no longer holds our place: what the caches hold may have
      // gaps. Start them afresh and read the open chat again.
      messages.forgetAll();
      void chat.reload();
      chats.refreshSoon();
      connectionsChanged();
    },
    onStatus: (next) => {
      status.textContent = STATUS_TEXT[next];
      status.dataset.status = next;
    },
  });

  const stopOutbox = client.outbox.subscribe({
    onChange: () => chat.render(),
    // The server's copy of a queued message: drawn at once, without waiting for its event.
    onSent: (_item, message) => {
      messages.merge(message.conversationId, [message]);
      if (chat.conversationId() === message.conversationId) chat.render();
      chats.refreshSoon();
    },
  });
  // The outbox retries with backoff; when the browser says the network is
  // back, there is no reason to wait out the rest of it.
  const online = () => void client.outbox.flush();
  const visible = () => chat.render();
  window.addEventListener('online', online);
  document.addEventListener('visibilitychange', visible);

  const stop = () => {
    stream.unsubscribe();
    stopOutbox();
    typing.stop();
    chats.stop();
    window.removeEventListener('online', online);
    document.removeEventListener('visibilitychange', visible);
  };

  async function signOut(): Promise<void> {
    stop();
    try {
      await api.auth.signOut.mutate();
    } catch {
      // Offline: forget the session here anyway; it expires on the server.
      await client.setSession(null);
    }
    // This user's caches go with them; queued messages stay in the outbox and
    // are sent on their next sign-in here (the SDK sends each item only as its own user).
    removeKeysStartingWith(userKey(userId, ''));
    signedOut();
  }

  api.auth.me.query().then(
    (me) => {
      who.textContent = me.user.name;
    },
    (failure: unknown) => {
      headerError.textContent = describeError(failure);
    },
  );
  void requests.refresh();
  void friends.refresh();
  void chats.refresh();
  const lastOpen = openChat.load();
  if (lastOpen !== null) void chat.open(lastOpen);
  return stop;
}
