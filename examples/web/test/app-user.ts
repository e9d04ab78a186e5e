import type { BrowserContext, Locator, Page } from 'playwright-core';

/**
 * One person using the app in their own browser context (own cookies and
 * localStorage, as two people on two machines), driven the way they would:
 * by labels, button names and the text on screen.
 */
export class AppUser {
  readonly email: string;
  readonly password = 'correct horse battery';
  /** How many chat.history calls this page has made: the test tells a resumed stream from a re-read history by it. */
  historyReads = 0;

  constructor(
    readonly context: BrowserContext,
    readonly page: Page,
    readonly name: string,
  ) {
    this.email = `${name.toLowerCase()}-${crypto.randomUUID()}@example.test`;
    // tRPC names the procedures in the URL, batched ones too (/trpc/chat.get,chat.history?batch=1).
    page.on('request', (request) => {
      if (new URL(request.url()).pathname.includes('chat.history')) this.historyReads++;
    });
  }

  static async open(context: BrowserContext, url: string, name: string): Promise<AppUser> {
    const page = await context.newPage();
    await page.goto(url);
    return new AppUser(context, page, name);
  }

  async signUp(): Promise<void> {
    await this.page.getByLabel('Name').fill(this.name);
    await this.page.getByLabel('Email').fill(this.email);
    await this.page.getByLabel('Password').fill(this.password);
    await this.page.getByRole('button', { name: 'Sign up' }).click();
    await this.page.locator('header strong', { hasText: this.name }).waitFor();
    await this.live();
  }

  /** Waits until the event stream is connected. */
  async live(): Promise<void> {
    await this.page.locator('.status[data-status="live"]').waitFor();
  }

  async search(query: string): Promise<void> {
    await this.page.getByLabel('Find people').fill(query);
    await this.page.getByRole('button', { name: 'Search' }).click();
  }

  /** A row of the people search results. */
  searchResult(name: string): Locator {
    return this.page.getByRole('list', { name: 'Search results' }).getByRole('listitem').filter({ hasText: name });
  }

  friendRequest(name: string): Locator {
    return this.page.getByRole('list', { name: 'Friend requests' }).getByRole('listitem').filter({ hasText: name });
  }

  friend(name: string): Locator {
    return this.page.getByRole('list', { name: 'Friends' }).getByRole('listitem').filter({ hasText: name });
  }

  async openChatWith(name: string): Promise<void> {
    await this.friend(name).getByRole('button', { name: 'Message' }).click();
    await this.chatTitle(name).waitFor();
  }

  chatTitle(name: string): Locator {
    return this.page.getByRole('heading', { name: `Chat with ${name}` });
  }

  /** Types into the composer without sending (what makes a typing signal). */
  async type(text: string): Promise<void> {
    await this.page.getByLabel('Message', { exact: true }).fill(text);
  }

  async send(text: string): Promise<void> {
    await this.type(text);
    await this.page.getByRole('button', { name: 'Send' }).click();
  }

  /** Every line in the open chat whose text is exactly `body`, pending copies included. */
  message(body: string): Locator {
    return this.page.getByRole('list', { name: 'Messages' }).getByRole('listitem').filter({ has: this.page.getByText(body, { exact: true }) });
  }

  /** The texts of the open chat, in the order shown. */
  async messageBodies(): Promise<string[]> {
    return this.page.getByRole('list', { name: 'Messages' }).locator('.body').allTextContents();
  }

  typing(): Locator {
    return this.page.locator('.typing');
  }
}
