import postgres from 'postgres';
import { latency, ms, ratio, type Latency, type Row } from './stats';
import type { BenchUser } from './users';

// Nearby at 1k and at 100k located users: the same call, after seeding the
// located users straight into the bench database (they need no sessions:
// they are found, they do not search). The ratio of the two says whether the
// GiST index carries the read, or it grows with everyone who shares a place.
// See docs/BENCHMARKS.md, "Nearby".

const SIZES = [1_000, 100_000];
const CALLS = 300;
// Around the Louvre; seeded users spread over about 50 km by 70 km around it.
const CENTRE = { latitude: 48.8606, longitude: 2.3376 };

async function seedLocated(databaseUrl: string, from: number, to: number): Promise<void> {
  const sql = postgres(databaseUrl, { max: 1, onnotice: () => undefined });
  try {
    await sql`
      with made as (
        insert into users (email, password_hash, name)
        select 'located-' || n || '@bench.test', 'x', 'Located ' || n from generate_series(${from}::int, ${to - 1}::int) n
        returning id)
      insert into user_locations (user_id, latitude, longitude, expires_at)
      select id, ${CENTRE.latitude - 0.225}::float8 + random() * 0.45, ${CENTRE.longitude - 0.3}::float8 + random() * 0.6, now() + interval '1 day'
      from made`;
    await sql`analyze user_locations`;
    await sql`analyze users`;
  } finally {
    await sql.end({ timeout: 5 });
  }
}

async function timeNearby(url: string, user: BenchUser): Promise<Latency> {
  const headers = { authorization: `Bearer ${user.session.accessToken}` };
  const samples: number[] = [];
  for (let i = 0; i < CALLS + 20; i++) {
    const started = performance.now();
    const response = await fetch(`${url}/api/nearby?radiusKm=5&limit=20`, { headers });
    const body = await response.text();
    if (!response.ok) throw new Error(`nearby: ${response.status} ${body.slice(0, 160)}`);
    // The first calls warm the plan cache and the connection pool.
    if (i >= 20) samples.push(performance.now() - started);
  }
  return latency(samples);
}

/** Nearby p50/p99 for one signed-in user at the centre, with 1k and then 100k others located around it. */
export async function nearbyAtScale(url: string, databaseUrl: string, user: BenchUser): Promise<{ rows: Row[]; details: string[] }> {
  const share = await fetch(`${url}/api/location`, {
    method: 'PUT',
    headers: { authorization: `Bearer ${user.session.accessToken}`, 'content-type': 'application/json' },
    body: JSON.stringify(CENTRE),
  });
  if (!share.ok) throw new Error(`location: ${share.status} ${await share.text()}`);
  const figures: Latency[] = [];
  let seeded = 0;
  for (const size of SIZES) {
    await seedLocated(databaseUrl, seeded, size);
    seeded = size;
    figures.push(await timeNearby(url, user));
  }
  const [small, large] = figures;
  if (small === undefined || large === undefined) throw new Error('nearby figures missing');
  return {
    rows: [
      {
        measure: `nearby, radius 5 km, 100k located users, p50 (p99)`,
        rapport: `${ms(large.p50)} (${ms(large.p99)})`,
        baseline: `1k located users ${ms(small.p50)} (${ms(small.p99)})`,
        ratio: ratio(large.p50 / small.p50),
        target: '—',
      },
    ],
    details: [`nearby: ${CALLS} sequential calls at each size through GET /api/nearby (radius 5 km, limit 20); p99 ratio ${ratio(large.p99 / small.p99)}`],
  };
}
