import type { RapportClient, RouterOutputs } from '@rapport/sdk';
import { button, el, replaceChildren } from '../dom';
import { describeError } from '../errors';

type Connection = RouterOutputs['connections']['list']['items'][number];

/** Friend requests waiting for my answer, reloaded when a `connection.requested` event arrives. */
export class RequestsView {
  readonly element: HTMLElement;
  private readonly list = el('ul', { class: 'requests', 'aria-label': 'Friend requests' });
  private readonly error = el('p', { class: 'error', role: 'alert' });

  constructor(
    private readonly client: RapportClient,
    private readonly changed: () => void,
  ) {
    this.element = el('section', { 'aria-labelledby': 'requests-heading' }, el('h2', { id: 'requests-heading' }, 'Friend requests'), this.error, this.list);
  }

  async refresh(): Promise<void> {
    try {
      const page = await this.client.api.connections.list.query({ type: 'friend', status: 'pending', direction: 'incoming', limit: 50 });
      this.render(page.items);
    } catch (failure) {
      this.error.textContent = describeError(failure);
    }
  }

  private render(requests: readonly Connection[]): void {
    if (requests.length === 0) {
      replaceChildren(this.list, el('li', { class: 'empty' }, 'No requests.'));
      return;
    }
    replaceChildren(
      this.list,
      ...requests.map((request) =>
        el(
          'li',
          { 'data-connection-id': request.id },
          el('span', { class: 'name' }, request.otherUser?.name ?? 'Someone'),
          request.message ? el('q', {}, request.message) : null,
          button('Accept', () => this.respond(request.id, 'accepted')),
          button('Decline', () => this.respond(request.id, 'rejected')),
        ),
      ),
    );
  }

  private async respond(connectionId: string, status: 'accepted' | 'rejected'): Promise<void> {
    this.error.textContent = '';
    try {
      await this.client.api.connections.respond.mutate({ connectionId, status });
      this.changed();
    } catch (failure) {
      this.error.textContent = describeError(failure);
    }
  }
}
