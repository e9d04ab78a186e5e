import { randomUUID } from 'node:crypto';
import { pathToFileURL } from 'node:url';
import postgres from 'postgres';
import { createThrowawayDatabase } from '@rapport/db/testing';
import { startRapportServer } from './children';
import { serverEnv } from './database';
import { latency, ms, ratio, table, type Latency, type Row } from './stats';
import { signUpUsers, type BenchUser } from './users';

// A post in a circle of 10 members and in one of 100,000: the same call,
// after seeding the members straight into the bench database (they need no
// sessions: they are posted to, they do not post). Posting writes one row
// and one event whatever the member count (docs/ARCHITECTURE.md,
// "Community"), so the ratio of the two should stay near 1×.
// See docs/BENCHMARKS.md, "Circle posts".

const SIZES = [10, 100_000];
const CALLS = 300;
const WARM_UP = 20;

async function seedMembers(databaseUrl: string, circleId: string, count: number): Promise<void> {
  const sql = postgres(databaseUrl, { max: 1, onnotice: () => undefined });
  try {
    const prefix = `member-${circleId.slice(0, 8)}`;
    // The member count trigger updates the circle's row once per member: in
    // one statement of 100k rows, each update walks the versions the
    // previous ones left (quadratic). A join through the API is one row at a
    // time; for the seed, the trigger is off and the count is set once.
    await sql.begin(async (tx) => {
      await tx`alter table circle_members disable trigger circle_members_keep_count`;
      await tx`
        with made as (
          insert into users (email, password_hash, name)
          select ${prefix} || '-' || n || '@bench.test', 'x', 'Member ' || n from generate_series(1, ${count}::int) n
          returning id)
        insert into circle_members (circle_id, user_id) select ${circleId}::uuid, id from made`;
      await tx`update circles set member_count = (select count(*) from circle_members where circle_id = ${circleId}::uuid) where id = ${circleId}::uuid`;
      await tx`alter table circle_members enable trigger circle_members_keep_count`;
    });
    await sql`analyze circle_members`;
    await sql`analyze users`;
  } finally {
    await sql.end({ timeout: 5 });
  }
}

async function post(url: string, author: BenchUser, circleId: string, i: number): Promise<number> {
  const started = performance.now();
  const response = await fetch(`${url}/api/community/circles/${circleId}/posts`, {
    method: 'POST',
    headers: { authorization: `Bearer ${author.session.accessToken}`, 'content-type': 'application/json' },
    body: JSON.stringify({ clientKey: randomUUID(), body: `Post ${i}: good morning, everyone` }),
  });
  const body = await response.text();
  if (!response.ok) throw new Error(`circle post: ${response.status} ${body.slice(0, 160)}`);
  return performance.now() - started;
}

/**
 * Posts to each circle in turn, so that both sizes see the same machine: on
 * a shared machine, measuring one size after the other measured the load
 * as much as the size.
 */
async function timePosts(url: string, author: BenchUser, circleIds: string[]): Promise<Latency[]> {
  const samples: number[][] = circleIds.map(() => []);
  for (let i = 0; i < CALLS + WARM_UP; i++) {
    for (const [k, circleId] of circleIds.entries()) {
      const took = await post(url, author, circleId, i);
      // The first calls warm the plan cache and the connection pool.
      if (i >= WARM_UP) samples[k]?.push(took);
    }
  }
  return samples.map(latency);
}

/** Circle post p50/p99 for one author, in a circle of 10 members and in one of 100,000. */
export async function circlePostAtScale(url: string, databaseUrl: string, author: BenchUser): Promise<{ rows: Row[]; details: string[] }> {
  const circleIds: string[] = [];
  for (const size of SIZES) {
    const circle = await author.api.community.circles.create.mutate({ name: `Bench circle ${size}`, category: 'Wellness', color: '#39ccb7', clientKey: randomUUID() });
    // The author is its first member: the seeded ones make up the rest.
    await seedMembers(databaseUrl, circle.id, size - 1);
    circleIds.push(circle.id);
  }
  const [small, large] = await timePosts(url, author, circleIds);
  if (small === undefined || large === undefined) throw new Error('circle post figures missing');
  return {
    rows: [
      {
        measure: 'circle post, 100k members, p50 (p99)',
        rapport: `${ms(large.p50)} (${ms(large.p99)})`,
        baseline: `10 members ${ms(small.p50)} (${ms(small.p99)})`,
        ratio: ratio(large.p50 / small.p50),
        target: '—',
      },
    ],
    details: [
      `circle post: ${CALLS} sequential calls at each size, alternating between the two circles, through POST /api/community/circles/{circleId}/posts; p99 ratio ${ratio(large.p99 / small.p99)}`,
    ],
  };
}

// Alone: `pnpm exec tsx bench/circle-post.ts` on a throwaway database of BENCH_DATABASE_URL's server.
if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const database = await createThrowawayDatabase(process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test', 'rapport_bench');
  const server = await startRapportServer(serverEnv(database.url));
  try {
    const [author] = await signUpUsers(server.url, 1);
    if (author === undefined) throw new Error('no author');
    const { rows, details } = await circlePostAtScale(server.url, database.url, author);
    process.stdout.write(`${table(rows)}\n${details.join('\n')}\n`);
  } finally {
    await server.stop();
    await database.drop();
  }
}
