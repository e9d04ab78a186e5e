import postgres from 'postgres';
import type { Actors } from './actors';
import type { Scale } from './scales';
import { seedGroup, seedInbox, seedLongConversation } from './seed-chat';
import { seedFollowers, seedFriends, seedUsers } from './seed-people';
import { seedRequests } from './seed-requests';
import { verifySeed, type SeededIds } from './verify-seed';

export interface SeedReport {
  ids: SeededIds;
  /** Seconds per step, in the order they ran. */
  steps: [string, number][];
  seconds: number;
}

/**
 * Fills a migrated database with `scale`'s shapes around the signed-up
 * actors, straight in SQL (the API would take hours for this much), then
 * vacuums, analyzes and checks it.
 */
export async function seedDatabase(url: string, scale: Scale, actors: Actors, progress: (text: string) => void): Promise<SeedReport> {
  // One session: the seeded users' numbering lives in its temporary tables.
  // Not waiting for each commit's WAL flush changes nothing a read sees.
  const sql = postgres(url, { max: 1, onnotice: () => undefined, connection: { synchronous_commit: 'off', maintenance_work_mem: '256MB' } });
  // A whole second, a minute back: all seeded activity is in the past of the run.
  const base = new Date(Math.floor(Date.now() / 1000) * 1000 - 60_000);
  const steps: [string, number][] = [];
  const began = performance.now();
  const step = async <T>(name: string, work: () => Promise<T>): Promise<T> => {
    const started = performance.now();
    progress(`${scale.name}: ${name}`);
    const result = await work();
    steps.push([name, (performance.now() - started) / 1000]);
    return result;
  };
  try {
    const id = (who: keyof Actors) => actors[who].id;
    await step(`${scale.users.toLocaleString('en-US')} users`, () => seedUsers(sql, scale.users, base));
    await step(`${scale.followers.toLocaleString('en-US')} followers of the hub`, () => seedFollowers(sql, id('hub'), scale.followers, base));
    await step(`${scale.friends} friends × ${scale.friendsOfEach} friends each`, () =>
      seedFriends(sql, id('popular'), scale.friends, scale.friendsOfEach, scale.users, base),
    );
    await step(`${scale.conversations.toLocaleString('en-US')} conversations of the chatter`, () => seedInbox(sql, id('chatter'), scale.conversations, base));
    const longConversation = await step(`${scale.messages.toLocaleString('en-US')} messages in one conversation`, () =>
      seedLongConversation(sql, id('historian'), scale.users, scale.messages, base, progress),
    );
    const group = await step(`a group of ${scale.groupMembers}`, () => seedGroup(sql, id('groupOwner'), scale.groupMembers, base));
    await step(`${scale.requests.toLocaleString('en-US')} session requests`, () => seedRequests(sql, id('tutor'), scale.requests, base));
    // VACUUM as well as ANALYZE: bulk-inserted pages are not yet marked
    // all-visible, so every index-only scan would still visit the heap until
    // autovacuum came round, which it has long since done on a live database.
    await step('vacuum (analyze)', () => sql`vacuum (analyze)`);
    const ids: SeededIds = { hub: id('hub'), popular: id('popular'), chatter: id('chatter'), tutor: id('tutor'), longConversation, group };
    await step('verify', () => verifySeed(sql, scale, ids));
    return { ids, steps, seconds: (performance.now() - began) / 1000 };
  } finally {
    await sql.end({ timeout: 5 });
  }
}
