import type postgres from 'postgres';

// Seeded users, and the social graph between them, written with set-based
// INSERTs on the seeding session. Seeded users are numbered 1..N in the
// session's temporary table `pool`, so every other seeding step can pick
// "user n" without knowing their random ids.

const FIRST = ['Ada', 'Ben', 'Chloé', 'Dmitri', 'Elif', 'Farah', 'Goran', 'Hana', 'Ines', 'Jonas', 'Kemal', 'Lena', 'Mateo', 'Nadia', 'Omar', 'Priya', 'Quentin', 'Rosa', 'Sven', 'Tamar'];
const LAST = ['Almeida', 'Berg', 'Castro', 'Dubois', 'Eriksen', 'Fischer', 'García', 'Horvat', 'Ivanova', 'Jansen', 'Kowalski', 'Laine', 'Moreau', 'Novak', 'Okafor', 'Petrov', 'Rossi', 'Schmidt', 'Tanaka', 'Weber'];
const CITIES = ['Lisbon', 'Berlin', 'Lagos', 'Osaka', 'Lima', 'Oslo', 'Pune', 'Quito'];
// Never checked: nobody signs in as a seeded user, and no argon2 hash is worth 100,000 hashings.
const NO_PASSWORD = 'seeded user: no password';
// Inserts into connections run a row trigger that upserts both users' counts;
// one user's counts row updated thousands of times in one transaction slows
// every later update of it, so rows go in at this many per statement.
const CONNECTIONS_PER_STATEMENT = 1_000;

/** Runs `step(from, to)` over 1..total in slices of `size`, one autocommitted statement each. */
export async function inSlices(total: number, size: number, step: (from: number, to: number) => Promise<unknown>): Promise<void> {
  for (let from = 1; from <= total; from += size) await step(from, Math.min(total, from + size - 1));
}

export async function seedUsers(sql: postgres.Sql, count: number, base: Date): Promise<void> {
  await sql`create temp table pool (n int primary key, id uuid not null)`;
  await sql`insert into pool select i, gen_random_uuid() from generate_series(1, ${count}::int) i`;
  await sql`
    insert into users (id, email, password_hash, name, city, created_at, updated_at)
    select p.id, 'scale-' || p.n || '@scale.test', ${NO_PASSWORD},
      (${FIRST}::text[])[1 + p.n % ${FIRST.length}::int] || ' ' || (${LAST}::text[])[1 + (p.n / ${FIRST.length}::int) % ${LAST.length}::int],
      (${CITIES}::text[])[1 + p.n % ${CITIES.length}::int],
      ${base}::timestamptz - p.n * interval '1 minute', ${base}::timestamptz - p.n * interval '1 minute'
    from pool p`;
}

/** Seeded users 1..count follow `hub`. */
export async function seedFollowers(sql: postgres.Sql, hub: string, count: number, base: Date): Promise<void> {
  await inSlices(count, CONNECTIONS_PER_STATEMENT, (from, to) => sql`
    insert into connections (requester_id, addressee_id, type, status, created_at, updated_at)
    select p.id, ${hub}::uuid, 'follow', 'accepted', ${base}::timestamptz - p.n * interval '1 second', ${base}::timestamptz - p.n * interval '1 second'
    from pool p where p.n between ${from}::int and ${to}::int`);
}

/**
 * `popular` is friends with seeded users 1..friends; each of those is friends
 * with `each` users drawn from the rest (friends + 1..N), a different stride
 * per friend so that candidates share some friends with popular and not others.
 * 104729 is prime, so one friend's `each` picks are distinct while each < N - friends.
 */
export async function seedFriends(sql: postgres.Sql, popular: string, friends: number, each: number, users: number, base: Date): Promise<void> {
  const rest = users - friends;
  if (each >= rest) throw new Error(`${each} friends each need more than ${rest} other users`);
  await sql`
    insert into connections (requester_id, addressee_id, type, status, created_at, updated_at, responded_at)
    select ${popular}::uuid, p.id, 'friend', 'accepted', ${base}::timestamptz - p.n * interval '1 hour', ${base}::timestamptz, ${base}::timestamptz - p.n * interval '1 hour'
    from pool p where p.n <= ${friends}::int`;
  const friendsPerStatement = Math.max(1, Math.floor(CONNECTIONS_PER_STATEMENT / each));
  await inSlices(friends, friendsPerStatement, (from, to) => sql`
    insert into connections (requester_id, addressee_id, type, status, created_at, updated_at, responded_at)
    select f.id, c.id, 'friend', 'accepted', ${base}::timestamptz - k * interval '1 minute', ${base}::timestamptz, ${base}::timestamptz - k * interval '1 minute'
    from pool f
    cross join generate_series(0, ${each - 1}::int) k
    join pool c on c.n = ${friends + 1}::int + ((f.n::bigint * 7919 + k::bigint * 104729) % ${rest}::int)
    where f.n between ${from}::int and ${to}::int`);
}
