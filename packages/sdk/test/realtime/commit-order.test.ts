import { randomUUID } from 'node:crypto';
import { sql } from '@rapport/db';
import { testDatabaseUrl } from '@rapport/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../harness';
import { listen } from './listen';

// PGlite runs one statement at a time on one connection: no transaction can
// commit while another is open there, so the race below cannot happen on it.
describe.skipIf(testDatabaseUrl === undefined)('events.stream and commit order (PostgreSQL)', () => {
  let t: TestServer;
  beforeAll(async () => {
    t = await startTestServer();
  });
  afterAll(() => t.close());

  it('never hands out a position past a transaction still open, so resuming from any id it gave loses nothing', async () => {
    const [ann, bob, cat] = await Promise.all([t.user('Ann'), t.user('Bob'), t.user('Cat')]);
    const annBob = await ann.api.chat.openDirect.mutate({ userId: bob.id });
    const catBob = await cat.api.chat.openDirect.mutate({ userId: bob.id });
    const live = listen(bob);
    await live.until((events) => events.filter((e) => e.type === 'conversation.created').length === 2);

    // Writer 1 appends its event first (the lower event id) and holds its
    // transaction open; writer 2 (an ordinary send) commits meanwhile.
    let release = () => undefined as void;
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    let heldEventId = 0;
    const appended = new Promise<void>((resolveAppended, rejectAppended) => {
      t.server.database.db
        .transaction(async (tx) => {
          const rows: unknown = await tx.execute(sql`
            with bumped as (update conversations set last_seq = last_seq + 1 where id = ${annBob.id} returning id, last_seq),
            inserted as (
              insert into messages (conversation_id, seq, sender_id, kind, body)
              select id, last_seq, ${ann.id}, 'text', 'held back' from bumped returning id, conversation_id
            )
            insert into events (type, conversation_id, actor_id, payload)
            select 'message.created', conversation_id, ${ann.id}, jsonb_build_object('messageId', id) from inserted
            returning id`);
          heldEventId = Number((rows as { id: string }[])[0]?.id);
          resolveAppended();
          await held;
        })
        .catch(rejectAppended);
    });
    await appended;

    const later = await cat.api.chat.send.mutate({ conversationId: catBob.id, clientKey: randomUUID(), content: { kind: 'text', body: 'committed first' } });
    expect(later.seq).toBe(1);
    // An id-only reader would now hand out the committed event's id, which is
    // above the held one: resuming from it would skip 'held back' forever.
    const [committed] = (await t.server.database.db.execute(sql`select max(id)::int as id from events`)) as unknown as { id: number }[];
    expect(committed?.id).toBeGreaterThan(heldEventId);

    await new Promise((r) => setTimeout(r, 500));
    // The stream withholds the committed event while the older transaction is open...
    const bodies = () => live.events.flatMap((e) => (e.type === 'message.created' ? [e.message.body] : []));
    expect(bodies()).toEqual([]);
    const cursorWhileHeld = live.lastId();
    live.stop();

    release();
    await new Promise((r) => setTimeout(r, 100));
    t.server.deps.realtime.written();

    // ...so a reader resuming from the last id it was given receives both,
    // the held one first (it began first), and nothing twice.
    const resumed = listen(bob, cursorWhileHeld);
    await resumed.until((events) => events.filter((e) => e.type === 'message.created').length === 2);
    const resumedBodies = resumed.events.flatMap((e) => (e.type === 'message.created' ? [e.message.body] : []));
    expect(resumedBodies).toEqual(['held back', 'committed first']);
    resumed.stop();
  });
});
