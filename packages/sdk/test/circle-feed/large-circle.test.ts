import { randomUUID } from 'node:crypto';
import { sql } from '@rapport/db';
import { selectAll } from '@rapport/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer, type TestUser } from '../harness';
import { listen } from '../realtime/listen';
import { circleOf, post } from './helpers';

// Posting costs the same whatever the member count: no row, event or
// statement per member (docs/ARCHITECTURE.md, "Community"). A circle of
// 10,000 members, seeded in SQL, against one of 10.

const LARGE = 10_000;
const SMALL = 10;

let t: TestServer;
let recording: string[] | null = null;
let author: TestUser;
let online: TestUser;
let small: string;
let large: string;

/**
 * Seeds `count` members (new users) into the circle. The member count
 * trigger updates the circle's row once per member, and in one statement of
 * thousands of rows each update walks the versions the previous ones left
 * (quadratic); so for the seed it is off and the count is set once.
 */
async function seedMembers(circleId: string, prefix: string, count: number): Promise<void> {
  await t.server.database.db.transaction(async (tx) => {
    await tx.execute(sql`alter table circle_members disable trigger circle_members_keep_count`);
    await tx.execute(sql`
      insert into users (email, password_hash, name)
      select ${prefix} || '-' || n || '@example.test', 'x', 'Member ' || n from generate_series(1, ${count}) n`);
    await tx.execute(sql`
      insert into circle_members (circle_id, user_id)
      select ${circleId}::uuid, u.id from users u where u.email like ${`${prefix}-%`}`);
    await tx.execute(sql`update circles set member_count = (select count(*) from circle_members where circle_id = ${circleId}::uuid) where id = ${circleId}::uuid`);
    await tx.execute(sql`alter table circle_members enable trigger circle_members_keep_count`);
  });
}

beforeAll(async () => {
  t = await startTestServer({}, { onQuery: (query) => recording?.push(query) });
  [author, online] = await Promise.all([t.user('Author'), t.user('Online')]);
  const smallCircle = await circleOf(author, [online], 'Small');
  const largeCircle = await circleOf(author, [online], 'Large');
  small = smallCircle.id;
  large = largeCircle.id;
  await seedMembers(small, `small-${randomUUID().slice(0, 8)}`, SMALL - 2);
  await seedMembers(large, `large-${randomUUID().slice(0, 8)}`, LARGE - 2);
  await t.server.database.db.execute(sql`analyze`);
  // PGlite runs in this process: while it seeded, the server's idle
  // keep-alive sockets timed out unseen. Let their timers fire and the
  // sockets close before the next call, or it is sent on a closing one.
  await new Promise((resolve) => setTimeout(resolve, 200));
}, 120_000);
afterAll(() => t.close());

/**
 * The statements one call sent, the event log's own readers aside (the
 * tailer reads the log after every write, on its own schedule). The fewest
 * of a few tries, so that a housekeeping query landing in the window (the
 * session sweep) is not counted as the call's.
 */
async function statementsOf(call: () => Promise<unknown>): Promise<string[]> {
  let fewest: string[] | null = null;
  for (let i = 0; i < 3; i++) {
    recording = [];
    await call();
    const mine = recording.filter((q) => !/from "?events"? e?\b/i.test(q) || /insert into events/i.test(q));
    recording = null;
    if (fewest === null || mine.length < fewest.length) fewest = mine;
  }
  return fewest ?? [];
}

describe(`a post in a circle of ${LARGE.toLocaleString('en')} members`, () => {
  it('is written in the same statements as in a circle of 10, with one event row', async () => {
    const counts = await selectAll<{ member_count: number }>(
      t.server.database.db,
      sql`select member_count from circles where id in (${small}::uuid, ${large}::uuid) order by member_count`,
    );
    expect(counts.map((c) => c.member_count)).toEqual([SMALL, LARGE]);
    const plain = async (circleId: string) => statementsOf(() => post(author, circleId, 'Hello'));
    const [smallPlain, largePlain] = [await plain(small), await plain(large)];
    expect(largePlain.length, largePlain.join('\n---\n')).toBe(smallPlain.length);
    // The post, its count and its event: one statement.
    expect(largePlain.filter((q) => /insert into circle_posts/i.test(q))).toHaveLength(1);

    // A reply with a mention adds its notifications, still not per member.
    const replying = async (circleId: string) => {
      const parent = await post(online, circleId, 'Parent');
      return statementsOf(() => post(author, circleId, 'Reply', { parentId: parent.id, mentions: [online.id] }));
    };
    const [smallReply, largeReply] = [await replying(small), await replying(large)];
    expect(largeReply.length, largeReply.join('\n---\n')).toBe(smallReply.length);

    // Each post one row and one event, however many members.
    const [rows] = await selectAll<{ posts: number; events: number }>(
      t.server.database.db,
      sql`select (select count(*)::int from circle_posts where circle_id = ${large}::uuid) as posts,
        (select count(*)::int from events where circle_id = ${large}::uuid and type like 'circle.post.%') as events`,
    );
    expect(rows?.posts).toBe(3 + 1 + 3);
    expect(rows?.events).toBe(rows?.posts);
  });

  it('reaches an online member live', async () => {
    const live = listen(online);
    await post(online, small, 'Warm-up');
    await live.until((events) => events.some((e) => e.type === 'circle.post.created'));
    const started = Date.now();
    const written = await post(author, large, 'To ten thousand');
    await live.until((events) => events.some((e) => e.type === 'circle.post.created' && e.post.id === written.id));
    expect(Date.now() - started).toBeLessThan(5000);
  });
});
