import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer, type TestUser } from '../harness';
import { listen } from './listen';

let t: TestServer;
beforeAll(async () => {
  // A one-second retention lets the test prune the log on demand.
  t = await startTestServer({ EVENT_RETENTION_SECONDS: '1' });
});
afterAll(() => t.close());

const say = (from: TestUser, conversationId: string, body: string) =>
  from.api.chat.send.mutate({ conversationId, clientKey: randomUUID(), content: { kind: 'text', body } });

const bodiesOf = (events: ReturnType<typeof listen>['events']) => events.flatMap((e) => (e.type === 'message.created' ? [e.message.body] : []));

describe('events.stream resume', () => {
  it('replays exactly what was missed, in order, then goes live without a gap or a duplicate', async () => {
    const [ann, bob] = await Promise.all([t.user('Ann'), t.user('Bob')]);
    const { id } = await ann.api.chat.openDirect.mutate({ userId: bob.id });
    const first = listen(bob);
    await say(ann, id, 'before');
    await first.until((events) => bodiesOf(events).includes('before'));
    const cursor = first.lastId();
    first.stop();

    for (const body of ['missed 1', 'missed 2', 'missed 3']) await say(ann, id, body);
    const resumed = listen(bob, cursor);
    await resumed.until((events) => bodiesOf(events).length >= 3);
    await say(ann, id, 'live');
    await resumed.until((events) => bodiesOf(events).includes('live'));
    expect(bodiesOf(resumed.events)).toEqual(['missed 1', 'missed 2', 'missed 3', 'live']);
    // Tracked ids only grow, so a client can resume from any of them.
    expect(new Set(resumed.ids).size).toBe(resumed.ids.length);
    resumed.stop();
  });

  it('resumes from the newest id to nothing at all', async () => {
    const [ann, bob] = await Promise.all([t.user(), t.user()]);
    const { id } = await ann.api.chat.openDirect.mutate({ userId: bob.id });
    const first = listen(bob);
    await say(ann, id, 'only');
    await first.until((events) => bodiesOf(events).includes('only'));
    first.stop();
    const again = listen(bob, first.lastId());
    await say(ann, id, 'next');
    await again.until((events) => bodiesOf(events).includes('next'));
    expect(bodiesOf(again.events)).toEqual(['next']);
    // Its own newest id is a real position, never mistaken for one the log did not issue.
    expect(again.events.map((e) => e.type)).not.toContain('resync');
    again.stop();
  });

  it('never replays another conversation or another user\'s events', async () => {
    const [ann, bob, cat] = await Promise.all([t.user(), t.user(), t.user()]);
    const annBob = await ann.api.chat.openDirect.mutate({ userId: bob.id });
    const annCat = await ann.api.chat.openDirect.mutate({ userId: cat.id });
    const first = listen(bob);
    await say(ann, annBob.id, 'hello bob');
    await first.until((events) => bodiesOf(events).length === 1);
    first.stop();
    await say(ann, annCat.id, 'secret for cat');
    await say(ann, annBob.id, 'bob again');
    const resumed = listen(bob, first.lastId());
    await resumed.until((events) => bodiesOf(events).includes('bob again'));
    expect(bodiesOf(resumed.events)).toEqual(['bob again']);
    resumed.stop();
  });

  it('sends an explicit resync when the cursor is older than the log keeps', async () => {
    const [ann, bob] = await Promise.all([t.user(), t.user()]);
    const { id } = await ann.api.chat.openDirect.mutate({ userId: bob.id });
    const first = listen(bob);
    await say(ann, id, 'old');
    await first.until((events) => bodiesOf(events).includes('old'));
    first.stop();
    await say(ann, id, 'pruned away');
    await new Promise((r) => setTimeout(r, 1500));
    expect(await t.server.deps.realtime.prune()).toBeGreaterThan(0);

    const resumed = listen(bob, first.lastId());
    await resumed.until((events) => events.some((e) => e.type === 'resync'));
    expect(resumed.events[0]?.type).toBe('resync');
    expect(bodiesOf(resumed.events)).toEqual([]);
    // The resync's id is a fresh starting point: resuming from it is live.
    await say(ann, id, 'after resync');
    await resumed.until((events) => bodiesOf(events).includes('after resync'));
    resumed.stop();
  });

  it('refuses a cursor it did not issue with a field error', async () => {
    const bob = await t.user();
    const bad = listen(bob, 'not-a-cursor');
    await bad.until(() => bad.errors.length > 0).catch(() => undefined);
    await new Promise((r) => setTimeout(r, 200));
    expect(bad.errors.length).toBeGreaterThan(0);
    bad.stop();
  });
});
