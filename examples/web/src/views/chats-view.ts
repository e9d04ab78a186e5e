import type { RapportClient, RouterOutputs } from '@rapport/sdk';
import { el, replaceChildren } from '../dom';
import { describeError } from '../errors';

type Conversation = RouterOutputs['chat']['list']['items'][number];

/** Events come in bursts (a backlog after a reload): one reload of the list per burst. */
const REFRESH_DELAY_MS = 200;

/** What a conversation is called here: a group's title, or the other person's name. */
export function conversationTitle(conversation: Pick<Conversation, 'kind' | 'title' | 'members'>, me: string): string {
  if (conversation.kind === 'group') return conversation.title ?? 'Group';
  return conversation.members.find((member) => member.userId !== me)?.name ?? 'Chat';
}

/** My conversations, latest activity first, with how many messages I have not read. */
export class ChatsView {
  readonly element: HTMLElement;
  private readonly list = el('ul', { class: 'chats', 'aria-label': 'Chats' });
  private readonly error = el('p', { class: 'error', role: 'alert' });
  private timer: ReturnType<typeof setTimeout> | null = null;

  constructor(
    private readonly client: RapportClient,
    private readonly userId: string,
    private readonly open: (conversationId: string) => void,
  ) {
    this.element = el('section', { 'aria-labelledby': 'chats-heading' }, el('h2', { id: 'chats-heading' }, 'Chats'), this.error, this.list);
  }

  refreshSoon(): void {
    if (this.timer !== null) return;
    this.timer = setTimeout(() => {
      this.timer = null;
      void this.refresh();
    }, REFRESH_DELAY_MS);
  }

  async refresh(): Promise<void> {
    try {
      const page = await this.client.api.chat.list.query({ limit: 50 });
      this.error.textContent = '';
      this.render(page.items);
    } catch (failure) {
      this.error.textContent = describeError(failure);
    }
  }

  stop(): void {
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
  }

  private render(conversations: readonly Conversation[]): void {
    if (conversations.length === 0) {
      replaceChildren(this.list, el('li', { class: 'empty' }, 'No chats yet.'));
      return;
    }
    replaceChildren(
      this.list,
      ...conversations.map((conversation) => {
        const open = el(
          'button',
          { type: 'button', class: 'link' },
          conversationTitle(conversation, this.userId),
          conversation.unreadCount > 0 ? el('span', { class: 'badge', 'aria-label': `${conversation.unreadCount} unread` }, String(conversation.unreadCount)) : null,
        );
        open.addEventListener('click', () => this.open(conversation.id));
        return el('li', { 'data-conversation-id': conversation.id }, open);
      }),
    );
  }
}
