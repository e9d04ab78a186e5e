import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer, type TestUser } from '../harness';
import { listen } from './listen';

let t: TestServer;
beforeAll(async () => {
  t = await startTestServer();
});
afterAll(() => t.close());

const say = (from: TestUser, conversationId: string, body: string) =>
  from.api.chat.send.mutate({ conversationId, clientKey: randomUUID(), content: { kind: 'text', body } });

const bodiesOf = (events: ReturnType<typeof listen>['events']) => events.flatMap((e) => (e.type === 'message.created' ? [e.message.body] : []));

async function pair() {
  const [ann, bob] = await Promise.all([t.user('Ann'), t.user('Bob')]);
  const { id } = await ann.api.chat.openDirect.mutate({ userId: bob.id });
  return { ann, bob, conversationId: id };
}

describe('events.stream with a resume id the log never issued', () => {
  // A restore onto a cluster with a lower transaction counter leaves clients
  // holding ids ahead of everything the log has: each of these is one.
  const aheadOf = (real: string, by: bigint, idBy = 0) => {
    const [xid = '0', id = '0'] = real.split(':');
    return `${BigInt(xid) + by}:${Number(id) + idBy}`;
  };

  for (const [name, future] of [
    ['a transaction id far ahead', (real: string) => aheadOf(real, 1_000_000_000n)],
    ['the next transaction id', (real: string) => aheadOf(real, 1n)],
    ['the same transaction, a later event', (real: string) => aheadOf(real, 0n, 1000)],
    ['the largest possible id', () => `${2n ** 64n - 1n}:${Number.MAX_SAFE_INTEGER}`],
  ] as const) {
    it(`gets a resync, then live events, for ${name}`, async () => {
      const { ann, bob, conversationId } = await pair();
      const first = listen(bob);
      await say(ann, conversationId, 'before');
      await first.until((events) => bodiesOf(events).includes('before'));
      const real = first.lastId();
      first.stop();
      expect(real).toBeDefined();

      const resumed = listen(bob, future(real ?? '0:0'));
      await resumed.until((events) => events.some((e) => e.type === 'resync'));
      expect(resumed.events[0]?.type).toBe('resync');
      await say(ann, conversationId, 'after');
      await resumed.until((events) => bodiesOf(events).includes('after'));
      expect(bodiesOf(resumed.events)).toEqual(['after']);
      // The resync's id is a real position: resuming from it loses nothing.
      const again = listen(bob, resumed.ids[0]);
      await again.until((events) => bodiesOf(events).includes('after'));
      expect(again.events.some((e) => e.type === 'resync')).toBe(false);
      resumed.stop();
      again.stop();
    });
  }

  for (const impossible of [
    `${2n ** 64n}:1`, // past the largest xid8
    '99999999999999999999:1',
    `1:${2 ** 53}`, // past what an event id can be read as
    '1:99999999999999999',
    '1:2:3',
    '-1:5',
    '',
  ]) {
    it(`refuses ${JSON.stringify(impossible)} with a field error instead of treating it as now`, async () => {
      const bob = await t.user();
      const bad = listen(bob, impossible);
      await bad.until(() => bad.errors.length > 0).catch(() => undefined);
      const [error] = bad.errors;
      expect(error).toMatchObject({ data: { code: 'BAD_REQUEST', fieldErrors: { lastEventId: expect.any(Array) } } });
      expect(bad.events).toEqual([]);
      bad.stop();
    });
  }
});
