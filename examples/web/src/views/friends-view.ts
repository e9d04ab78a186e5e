import type { RapportClient } from '@rapport/sdk';
import { button, el, replaceChildren } from '../dom';
import { describeError } from '../errors';

/** My friends, each a click away from our chat; reloaded when a request is accepted, either way. */
export class FriendsView {
  readonly element: HTMLElement;
  private readonly list = el('ul', { class: 'friends', 'aria-label': 'Friends' });
  private readonly error = el('p', { class: 'error', role: 'alert' });

  constructor(
    private readonly client: RapportClient,
    private readonly openChat: (userId: string) => void,
  ) {
    this.element = el('section', { 'aria-labelledby': 'friends-heading' }, el('h2', { id: 'friends-heading' }, 'Friends'), this.error, this.list);
  }

  async refresh(): Promise<void> {
    try {
      const page = await this.client.api.connections.list.query({ type: 'friend', status: 'accepted', limit: 100 });
      const friends = page.items.flatMap((connection) => (connection.otherUser === null ? [] : [connection.otherUser]));
      if (friends.length === 0) {
        replaceChildren(this.list, el('li', { class: 'empty' }, 'No friends yet: find people above.'));
        return;
      }
      replaceChildren(
        this.list,
        ...friends.map((friend) =>
          el('li', { 'data-user-id': friend.id }, el('span', { class: 'name' }, friend.name), button('Message', () => this.openChat(friend.id))),
        ),
      );
    } catch (failure) {
      this.error.textContent = describeError(failure);
    }
  }
}
