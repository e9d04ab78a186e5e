import postgres from 'postgres';
import { latency, ms, ratio, type Latency, type Row } from './stats';
import type { BenchUser } from './users';

// Discover for one user at 10k and at 100k seeded users: the same call, after
// seeding the users straight into the bench database with what discover
// walks (interests, cities, circles, friendships), at the same density at
// both sizes. The ratio of the two says whether the bounded walks hold, or
// the call grows with everyone who shares an interest or a city.
// See docs/BENCHMARKS.md, "Discover".

const SIZES = [10_000, 100_000];
const CALLS = 300;
// A few labels of the known set (schemas/interests.ts), so that thousands
// share each: the walk must stop at its bound, not read them all.
const LABELS = ['Yoga', 'Hiking', 'Reading', 'Meditation', 'Art', 'Cooking', 'Running', 'Music', 'Travel', 'Photography', 'Writing', 'Dance'];
const CITIES = 100;
// One circle per 100 users, each seeded user in one of them.
const USERS_PER_CIRCLE = 100;
const MY_FRIENDS = 50;
const MY_CIRCLES = 10;

async function seed(sql: postgres.Sql, from: number, to: number): Promise<void> {
  // An array literal: the labels hold no commas, quotes or braces.
  const labels = `{${LABELS.join(',')}}`;
  await sql`
    insert into users (email, password_hash, name, interests, city)
    select 'discover-' || n || '@bench.test', 'x', 'Discover ' || n,
      array[(${labels}::text[])[1 + n % ${LABELS.length}], (${labels}::text[])[1 + (n / ${LABELS.length} + 3) % ${LABELS.length}]],
      'City ' || n % ${CITIES}
    from generate_series(${from}::int, ${to - 1}::int) n`;
  await sql`
    insert into circles (name, category, color)
    select 'Discover circle ' || k, 'Wellness', '#39ccb7'
    from generate_series(${from / USERS_PER_CIRCLE}::int, ${to / USERS_PER_CIRCLE - 1}::int) k`;
  // The newest members of a circle are read by joined_at: spread them out.
  await sql`
    insert into circle_members (circle_id, user_id, joined_at)
    select c.id, u.id, now() - (u.n || ' seconds')::interval
    from (select id, split_part(substr(email, 10), '@', 1)::int as n from users
          where email like 'discover-%' and split_part(substr(email, 10), '@', 1)::int between ${from} and ${to - 1}) u
    join circles c on c.name = 'Discover circle ' || (u.n / ${USERS_PER_CIRCLE})`;
  // Each seeded user befriends the next one and the seventh after it: about four friends each.
  await sql`
    insert into connections (requester_id, addressee_id, type, status, responded_at)
    select a.id, b.id, 'friend', 'accepted', now()
    from generate_series(${from}::int, ${to - 1}::int) n
    cross join unnest(array[1, 7]) step
    join lateral (select id from users where lower(email) = 'discover-' || n || '@bench.test') a on true
    join lateral (select id from users where lower(email) = 'discover-' || (n + step) || '@bench.test') b on true`;
  await sql`analyze users`;
  await sql`analyze circle_members`;
  await sql`analyze connections`;
}

/** The bench user's own profile, friends and circles: the same at both sizes. */
async function seedMe(sql: postgres.Sql, me: string): Promise<void> {
  await sql`update users set interests = '{Yoga,Hiking,Reading,Meditation}', city = 'City 7' where id = ${me}`;
  await sql`
    insert into connections (requester_id, addressee_id, type, status, responded_at)
    select ${me}::uuid, id, 'friend', 'accepted', now() from users
    where email like 'discover-%' and split_part(substr(email, 10), '@', 1)::int % 97 = 0
    order by email limit ${MY_FRIENDS}`;
  await sql`
    insert into circle_members (circle_id, user_id)
    select id, ${me}::uuid from circles where name like 'Discover circle %' order by name limit ${MY_CIRCLES}`;
}

async function timeDiscover(url: string, user: BenchUser): Promise<{ figures: Latency; shown: number }> {
  const headers = { authorization: `Bearer ${user.session.accessToken}` };
  const samples: number[] = [];
  let shown = 0;
  for (let i = 0; i < CALLS + 20; i++) {
    const started = performance.now();
    const response = await fetch(`${url}/api/community/discover?limit=20`, { headers });
    const body = await response.text();
    if (!response.ok) throw new Error(`discover: ${response.status} ${body.slice(0, 160)}`);
    // The first calls warm the connection pool and the caches.
    if (i >= 20) samples.push(performance.now() - started);
    if (i === 0) shown = (JSON.parse(body) as { items: unknown[] }).items.length;
  }
  return { figures: latency(samples), shown };
}

/** Discover p50/p99 for one signed-in user with 10k and then 100k users seeded around them. */
export async function discoverAtScale(url: string, databaseUrl: string, user: BenchUser): Promise<{ rows: Row[]; details: string[] }> {
  const sql = postgres(databaseUrl, { max: 1, onnotice: () => undefined });
  const figures: Latency[] = [];
  const seeding: string[] = [];
  try {
    let seeded = 0;
    for (const size of SIZES) {
      const started = performance.now();
      await seed(sql, seeded, size);
      if (seeded === 0) await seedMe(sql, user.id);
      seeded = size;
      seeding.push(`${size.toLocaleString('en-US')} in ${((performance.now() - started) / 1000).toFixed(0)} s`);
      const { figures: f, shown } = await timeDiscover(url, user);
      if (shown === 0) throw new Error('discover found nobody: the seed is wrong');
      figures.push(f);
    }
  } finally {
    await sql.end({ timeout: 5 });
  }
  const [small, large] = figures;
  if (small === undefined || large === undefined) throw new Error('discover figures missing');
  return {
    rows: [
      {
        measure: 'discover, 100k users, p50 (p99)',
        rapport: `${ms(large.p50)} (${ms(large.p99)})`,
        baseline: `10k users ${ms(small.p50)} (${ms(small.p99)})`,
        ratio: ratio(large.p50 / small.p50),
        target: '—',
      },
    ],
    details: [
      `discover: ${CALLS} sequential calls at each size through GET /api/community/discover (limit 20), for a user with 4 interests, a city, ${MY_CIRCLES} circles and ${MY_FRIENDS} friends; seeded users have 2 of ${LABELS.length} interests, one of ${CITIES} cities, one circle of ${USERS_PER_CIRCLE} and about 4 friends (seeding ${seeding.join(', ')}); p99 ratio ${ratio(large.p99 / small.p99)}`,
    ],
  };
}
