import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectError } from '../expect-error';
import { startTestServer, type TestServer } from '../harness';
import { circleOf } from './helpers';

// Posts are throttled like chat messages (a burst, then a steady rate), on a
// budget of their own, and a retry of a post that went through is never what
// runs it out.
let t: TestServer;
beforeAll(async () => {
  t = await startTestServer({ SEND_RATE_BURST: '3', SEND_RATE_PER_SECOND: '1' });
});
afterAll(() => t.close());

describe('posting fast', () => {
  it('refuses the post past the burst with when to retry; a retry of an earlier post still answers; chat is counted apart', async () => {
    const [ada, bea] = await Promise.all([t.user('Ada'), t.user('Bea')]);
    const circle = await circleOf(ada, [bea]);
    const keys = [randomUUID(), randomUUID(), randomUUID()];
    const written = [];
    for (const clientKey of keys) written.push(await ada.api.community.circles.posts.create.mutate({ circleId: circle.id, clientKey, body: 'hello' }));
    const refused = await expectError(ada.api.community.circles.posts.create.mutate({ circleId: circle.id, clientKey: randomUUID(), body: 'one too many' }), 'TOO_MANY_REQUESTS');
    expect(refused.message).toMatch(/sending posts too fast/);
    expect(refused.data?.retryAfterSeconds).toBeGreaterThanOrEqual(1);
    const again = await ada.api.community.circles.posts.create.mutate({ circleId: circle.id, clientKey: keys[0] ?? '', body: 'hello' });
    expect(again.id).toBe(written[0]?.id);
    // Another member's budget, and Ada's chat, are their own.
    await bea.api.community.circles.posts.create.mutate({ circleId: circle.id, clientKey: randomUUID(), body: 'hi' });
    const chat = await ada.api.chat.createGroup.mutate({ title: 'Walkers', memberIds: [bea.id] });
    await ada.api.chat.send.mutate({ conversationId: chat.id, clientKey: randomUUID(), content: { kind: 'text', body: 'still here' } });
  });
});
