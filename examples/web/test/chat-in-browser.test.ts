import type { Browser, BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../../../packages/sdk/test/harness';
import { AppUser } from './app-user';
import { browserTestSkipped, launchChromium } from './launch-chromium';
import { serveApp, type ServedApp } from './serve-app';

/** Long enough for any step on a busy CI machine, short enough that a stuck one fails with its own name. */
const STEP_TIMEOUT_MS = 10_000;

let server: TestServer;
let app: ServedApp;
let browser: Browser;
let ann: AppUser;
let bob: AppUser;

async function context(): Promise<BrowserContext> {
  const created = await browser.newContext();
  created.setDefaultTimeout(STEP_TIMEOUT_MS);
  return created;
}

/** The conversation as the server holds it, read by Bob through the SDK: what was stored, not what a page shows. */
async function storedBodies(): Promise<(string | null)[]> {
  const client = server.anonymous();
  await client.api.auth.signIn.mutate({ email: bob.email, password: bob.password });
  const [conversation] = (await client.api.chat.list.query({ limit: 1 })).items;
  if (conversation === undefined) throw new Error('Bob has no conversation');
  const page = await client.api.chat.history.query({ conversationId: conversation.id, limit: 100 });
  return page.items.map((message) => message.body).reverse();
}

const skipped = browserTestSkipped();

beforeAll(async () => {
  if (skipped) return;
  server = await startTestServer();
  [app, browser] = await Promise.all([serveApp(server.url), launchChromium()]);
  const [annContext, bobContext] = await Promise.all([context(), context()]);
  [ann, bob] = await Promise.all([AppUser.open(annContext, app.url, 'Ann'), AppUser.open(bobContext, app.url, 'Bob')]);
});

afterAll(async () => {
  await browser?.close();
  await app?.close();
  await server?.close();
});

// One story, told in steps that build on each other: each starts where the
// one before left both browsers.
describe.skipIf(skipped)('the example web app, in Chromium, two people', () => {
  it('both sign up and find each other', async () => {
    await Promise.all([ann.signUp(), bob.signUp()]);
    await ann.search('Bob');
    await ann.searchResult('Bob').getByRole('button', { name: 'Add friend' }).waitFor();
    await bob.search('Ann');
    await bob.searchResult('Ann').getByRole('button', { name: 'Add friend' }).waitFor();
  });

  it('become friends: a request, seen live, and accepted', async () => {
    await ann.searchResult('Bob').getByRole('button', { name: 'Add friend' }).click();
    await ann.searchResult('Bob').getByText('Request sent').waitFor();
    // No reload: the request reaches Bob as a connection.requested event.
    await bob.friendRequest('Ann').getByRole('button', { name: 'Accept' }).click();
    await bob.friend('Ann').waitFor();
    // And the acceptance reaches Ann as a connection.accepted event.
    await ann.friend('Bob').waitFor();
    await ann.searchResult('Bob').getByText('Friends').waitFor();
  });

  it('talk live both ways, with typing indicators and read state', async () => {
    await ann.openChatWith('Bob');
    await bob.openChatWith('Ann');

    await ann.type('Hi Bob');
    await bob.typing().getByText('Ann is typing…').waitFor();
    await ann.page.getByRole('button', { name: 'Send' }).click();
    await bob.message('Hi Bob').waitFor();
    // Ann's message ends her indicator at once, not when it expires.
    await bob.typing().waitFor({ state: 'hidden' });
    // Bob has the chat open: it marks the message read, and Ann sees so.
    await ann.message('Hi Bob').getByText('Read').waitFor();

    await bob.type('Hi Ann');
    await ann.typing().getByText('Bob is typing…').waitFor();
    await bob.page.getByRole('button', { name: 'Send' }).click();
    await ann.message('Hi Ann').waitFor();
    await bob.message('Hi Ann').getByText('Read').waitFor();

    expect(await ann.messageBodies()).toEqual(['Hi Bob', 'Hi Ann']);
    expect(await bob.messageBodies()).toEqual(['Hi Bob', 'Hi Ann']);
  });

  it('a page that leaves and comes back, or reloads, resumes the stream: nothing lost, nothing twice', async () => {
    // Opening the chat the first time read its history.
    expect(bob.historyReads).toBeGreaterThan(0);
    const historyReadsBefore = bob.historyReads;

    // Bob's page goes away; Ann writes while it is gone.
    await bob.page.goto('about:blank');
    await ann.send('While you were away');
    await ann.message('While you were away').and(ann.page.locator('[data-state="sent"]')).waitFor();
    await bob.page.goto(app.url);
    // The session came back from localStorage, and the open chat with it.
    await bob.chatTitle('Ann').waitFor();
    await bob.message('While you were away').waitFor();

    // Now a reload with a message sent while it happens.
    await Promise.all([bob.page.reload(), ann.send('During the reload')]);
    await bob.chatTitle('Ann').waitFor();
    await bob.message('During the reload').waitFor();
    await bob.live();

    const expected = ['Hi Bob', 'Hi Ann', 'While you were away', 'During the reload'];
    await expect.poll(() => bob.messageBodies()).toEqual(expected);
    expect(await ann.messageBodies()).toEqual(expected);
    // Drawn from what the page kept plus the events replayed from its last
    // event id: it never needed to read the history again.
    expect(bob.historyReads).toBe(historyReadsBefore);
    // Bob read them all on coming back.
    await ann.message('During the reload').getByText('Read').waitFor();
  });

  it('a message written offline waits in the outbox, shown as pending, and is delivered exactly once', async () => {
    await ann.context.setOffline(true);
    await ann.send('Sent while offline');
    // Its first attempt has failed: it is still only in Ann's outbox.
    const pending = ann.message('Sent while offline');
    await pending.and(ann.page.locator('[data-state="pending"]')).getByText('waiting for the network').waitFor();
    expect(await bob.message('Sent while offline').count()).toBe(0);

    await ann.context.setOffline(false);
    await bob.message('Sent while offline').waitFor();
    await pending.and(ann.page.locator('[data-state="read"]')).waitFor();

    // Had it gone twice, the second copy would come before this one: the
    // outbox sends in order, and the stream delivers in order.
    await ann.send('Back online');
    await bob.message('Back online').waitFor();
    const expected = ['Hi Bob', 'Hi Ann', 'While you were away', 'During the reload', 'Sent while offline', 'Back online'];
    await expect.poll(() => ann.messageBodies()).toEqual(expected);
    expect(await bob.messageBodies()).toEqual(expected);
    expect(await storedBodies()).toEqual(expected);
  });
});
