import { randomUUID } from 'node:crypto';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { newClientKey } from '../../src/index';
import { startTestServer, type TestServer } from '../harness';
import { expectError, rejectionOf } from '../expect-error';
import { clientOn, closeClients, flakyNetwork, sleep } from './sdk-network';

let t: TestServer;
beforeAll(async () => {
  // Two sends at once, then one a second: the third send in a row is told to wait.
  t = await startTestServer({ SEND_RATE_BURST: '2', SEND_RATE_PER_SECOND: '1' });
});
afterEach(closeClients);
afterAll(() => t.close());

const text = (body: string) => ({ kind: 'text' as const, body });
const clientKeyIn = (body: string) => /"clientKey":"([^"]+)"/.exec(body)?.[1];

async function pair() {
  const [ann, bob] = await Promise.all([t.user('Ann'), t.user('Bob')]);
  const { id } = await ann.api.chat.openDirect.mutate({ userId: bob.id });
  return { ann, bob, conversationId: id };
}

describe('client.chat.send', () => {
  it('resends under the same key when the response is lost, so the conversation gets one message', async () => {
    const { ann, bob, conversationId } = await pair();
    const net = flakyNetwork();
    const client = await clientOn(t, ann, net);
    net.loseResponses(1);
    const message = await client.chat.send({ conversationId, content: text('once') });

    expect(message).toMatchObject({ seq: 1, body: 'once', senderId: ann.id });
    const keys = net.bodiesFor('chat.send').map(clientKeyIn);
    expect(keys).toEqual([message.clientKey, message.clientKey]);
    expect((await bob.api.chat.get.query({ conversationId })).lastSeq).toBe(1);
  });

  it('keeps trying while offline and sends once the network is back', async () => {
    const { ann, bob, conversationId } = await pair();
    const net = flakyNetwork();
    const client = await clientOn(t, ann, net);
    net.offline = true;
    const sending = client.chat.send({ conversationId, content: text('later') }, { attempts: 10 });
    await sleep(300);
    net.offline = false;
    expect((await sending).seq).toBe(1);
    expect((await bob.api.chat.get.query({ conversationId })).lastSeq).toBe(1);
  });

  it('waits as long as TOO_MANY_REQUESTS says, then succeeds with the same key', async () => {
    const { ann, conversationId } = await pair();
    const net = flakyNetwork();
    const client = await clientOn(t, ann, net);
    for (const body of ['one', 'two']) await ann.api.chat.send.mutate({ conversationId, clientKey: randomUUID(), content: text(body) });
    const started = Date.now();
    const third = await client.chat.send({ conversationId, content: text('three') });

    expect(Date.now() - started).toBeGreaterThanOrEqual(900);
    expect(third.seq).toBe(3);
    const keys = net.bodiesFor('chat.send').map(clientKeyIn);
    expect(keys).toEqual([third.clientKey, third.clientKey]);
  });

  it('never retries a refused send', async () => {
    const { ann, bob, conversationId } = await pair();
    const eve = await t.user('Eve');
    const net = flakyNetwork();
    const client = await clientOn(t, eve, net);
    await expectError(client.chat.send({ conversationId, content: text('let me in') }), 'NOT_FOUND');
    await expectError(client.chat.send({ conversationId: randomUUID(), content: text('   ') }), 'BAD_REQUEST');
    expect(net.bodiesFor('chat.send')).toHaveLength(2);

    const annNet = flakyNetwork();
    const annClient = await clientOn(t, ann, annNet);
    await expectError(annClient.chat.send({ conversationId, content: text('re: nothing'), replyToId: randomUUID() }), 'BAD_REQUEST');
    expect(annNet.bodiesFor('chat.send')).toHaveLength(1);
    expect((await bob.api.chat.get.query({ conversationId })).lastSeq).toBe(0);
  });

  it('uses a key of your own, and stops retrying after its attempts or when aborted', async () => {
    const { ann, conversationId } = await pair();
    const net = flakyNetwork();
    const client = await clientOn(t, ann, net);
    const clientKey = newClientKey();
    const first = await client.chat.send({ conversationId, clientKey, content: text('mine') });
    const again = await client.chat.send({ conversationId, clientKey, content: text('mine') });
    expect(first).toMatchObject({ clientKey, seq: 1 });
    expect(again.id).toBe(first.id);

    net.offline = true;
    const gaveUp = await rejectionOf(client.chat.send({ conversationId, content: text('lost') }, { attempts: 2 }));
    // No answer arrived at all, so there is no error data: the network failed.
    expect(gaveUp.data).toBeUndefined();

    const controller = new AbortController();
    const started = Date.now();
    const aborted = rejectionOf(client.chat.send({ conversationId, content: text('cancelled') }, { attempts: 100, signal: controller.signal }));
    setTimeout(() => controller.abort(), 100);
    await aborted;
    expect(Date.now() - started).toBeLessThan(1000);
  });
});
