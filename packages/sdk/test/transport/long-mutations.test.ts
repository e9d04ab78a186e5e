import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer, type TestUser } from '../harness';

let t: TestServer;
let ann: TestUser;
let conversationId: string;
beforeAll(async () => {
  // The send rate limit would refuse fifty sends at once; this is about their size.
  t = await startTestServer({ SEND_RATE_BURST: '1000' });
  ann = await t.user('Ann');
  const bob = await t.user('Bob');
  conversationId = (await ann.api.chat.openDirect.mutate({ userId: bob.id })).id;
});
afterAll(async () => {
  await t.close();
});

// A send at the longest its fields allow, in 3-byte characters where text
// may be anything: about 40 KB of JSON, so fifty of them pass 1 MiB.
const longestSend = (i: number) => ({
  conversationId,
  clientKey: randomUUID(),
  content: {
    kind: 'file' as const,
    body: `${i} ${'検'.repeat(3990)}`,
    attachments: Array.from({ length: 10 }, (_, n) => ({
      url: `https://files.example.com/${n}/${'a'.repeat(2000)}`,
      name: `${'検'.repeat(250)}.pdf`,
      mimeType: 'application/pdf',
      size: 1000,
    })),
  },
});

describe('long mutations batched in one tick', () => {
  it('fifty of the longest legal sends made in one tick all succeed over HTTP', async () => {
    const sent = await Promise.all(Array.from({ length: 50 }, (_, i) => ann.api.chat.send.mutate(longestSend(i))));
    expect(new Set(sent.map((m) => m.seq)).size).toBe(50);
  });
});
