import { randomUUID } from 'node:crypto';
import { sql } from '@rapport/db';
import { testDatabaseUrl } from '@rapport/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../harness';
import { listen } from './listen';

// A poll this slow means any prompt delivery below comes from the tailer
// looking again while events are held back, not from the poll.
const POLL_MS = 10_000;

// PGlite runs one transaction at a time on one connection: nothing can be
// held back there, so this needs PostgreSQL.
describe.skipIf(testDatabaseUrl === undefined)('delivery after an unrelated transaction holds the log back (PostgreSQL)', () => {
  let t: TestServer;
  beforeAll(async () => {
    t = await startTestServer({ EVENT_POLL_MS: String(POLL_MS) });
  });
  afterAll(() => t.close());

  it('delivers within moments of the hold-back ending, not at the next poll, and reports the lag meanwhile', async () => {
    const [ann, bob] = await Promise.all([t.user('Ann'), t.user('Bob')]);
    const { id } = await ann.api.chat.openDirect.mutate({ userId: bob.id });
    const live = listen(bob);
    await live.until((events) => events.some((e) => e.type === 'conversation.created'));

    let release = () => undefined as void;
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    let started = () => undefined as void;
    const holding = new Promise<void>((resolve) => {
      started = resolve;
    });
    // A write transaction that has nothing to do with chat: its xid alone holds the watermark.
    const transaction = t.server.database.db.transaction(async (tx) => {
      await tx.execute(sql`select pg_current_xact_id()`);
      started();
      await held;
    });
    await holding;

    await ann.api.chat.send.mutate({ conversationId: id, clientKey: randomUUID(), content: { kind: 'text', body: 'held' } });
    await new Promise((r) => setTimeout(r, 300));
    expect(live.events.some((e) => e.type === 'message.created')).toBe(false);
    const lag = t.server.deps.realtime.tailer.lag;
    expect(lag.heldBack).toBe(true);
    expect(lag.lagMs).toBeGreaterThan(0);

    const releasedAt = Date.now();
    release();
    await transaction;
    // Far below the poll: only a tailer that keeps looking while held back gets here.
    await live.until((events) => events.some((e) => e.type === 'message.created'), POLL_MS / 4);
    expect(Date.now() - releasedAt).toBeLessThan(POLL_MS / 4);
    await expect.poll(() => t.server.deps.realtime.tailer.lag.heldBack).toBe(false);
    live.stop();
  });
});
