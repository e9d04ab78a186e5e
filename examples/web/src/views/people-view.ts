import type { RapportClient, RouterOutputs } from '@rapport/sdk';
import { button, el, replaceChildren } from '../dom';
import { describeError } from '../errors';

type Profile = RouterOutputs['users']['search']['items'][number];
type Relationship = RouterOutputs['connections']['checkMany'][number];

/**
 * Find people by name and befriend them. Each result shows what is possible
 * with that person now (ask, accept, message), from connections.checkMany,
 * asked again whenever a connection event says it may have changed.
 */
export class PeopleView {
  readonly element: HTMLElement;
  private readonly results = el('ul', { class: 'people', 'aria-label': 'Search results' });
  private readonly error = el('p', { class: 'error', role: 'alert' });
  private shown: Profile[] = [];

  constructor(
    private readonly client: RapportClient,
    private readonly userId: string,
    private readonly actions: { openChat(userId: string): void; changed(): void },
  ) {
    const query = el('input', { id: 'people-query', type: 'search', autocomplete: 'off', minlength: '1' });
    const form = el('form', { class: 'search' }, el('label', { for: 'people-query' }, 'Find people'), query, el('button', { type: 'submit' }, 'Search'));
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      void this.search(query.value.trim());
    });
    this.element = el('section', { 'aria-labelledby': 'people-heading' }, el('h2', { id: 'people-heading' }, 'People'), form, this.error, this.results);
  }

  /** Asks again what is possible with the people shown: after a request was sent, accepted or answered. */
  async refresh(): Promise<void> {
    if (this.shown.length === 0) return;
    try {
      const relationships = await this.client.api.connections.checkMany.query({ targetUserIds: this.shown.map((p) => p.id) });
      this.render(relationships);
    } catch (failure) {
      this.error.textContent = describeError(failure);
    }
  }

  private async search(query: string): Promise<void> {
    this.error.textContent = '';
    if (query === '') return;
    try {
      const page = await this.client.api.users.search.query({ query, limit: 20 });
      this.shown = page.items.filter((profile) => profile.id !== this.userId);
      if (this.shown.length === 0) {
        replaceChildren(this.results, el('li', { class: 'empty' }, `No one called “${query}”.`));
        return;
      }
      await this.refresh();
    } catch (failure) {
      this.error.textContent = describeError(failure);
    }
  }

  private render(relationships: readonly Relationship[]): void {
    const byId = new Map(relationships.map((r) => [r.userId, r]));
    replaceChildren(this.results, ...this.shown.map((profile) => this.row(profile, byId.get(profile.id))));
  }

  private row(profile: Profile, relationship: Relationship | undefined): HTMLLIElement {
    return el('li', { 'data-user-id': profile.id }, el('span', { class: 'name' }, profile.name), ...this.actionsFor(profile, relationship));
  }

  private actionsFor(profile: Profile, relationship: Relationship | undefined): Node[] {
    const message = button('Message', () => this.actions.openChat(profile.id));
    switch (relationship?.friendship ?? 'none') {
      case 'friends':
        return [el('span', { class: 'tag' }, 'Friends'), message];
      case 'outgoing_request':
        return [el('span', { class: 'tag' }, 'Request sent'), message];
      case 'incoming_request': {
        const connectionId = relationship?.friendConnectionId;
        if (connectionId === null || connectionId === undefined) return [message];
        return [button('Accept', () => this.act(() => this.client.api.connections.respond.mutate({ connectionId, status: 'accepted' }))), message];
      }
      default:
        return [button('Add friend', () => this.act(() => this.client.api.connections.create.mutate({ targetUserId: profile.id, type: 'friend' }))), message];
    }
  }

  private async act(call: () => Promise<unknown>): Promise<void> {
    this.error.textContent = '';
    try {
      await call();
      this.actions.changed();
    } catch (failure) {
      this.error.textContent = describeError(failure);
    }
  }
}
