import { sql } from '@rapport/db';
import type { TestServer } from '../harness';

/**
 * Moves an activity into the past, as if it had happened: an hour long,
 * ended an hour ago, with everyone in it seated before it began. The API
 * refuses to create an activity in the past, and rules that apply "after it
 * has ended" (ratings, name cards) would otherwise need a test to wait.
 */
export async function endActivity(t: TestServer, activityId: string): Promise<void> {
  const db = t.server.database.db;
  await db.execute(sql`update activities set starts_at = now() - interval '2 hours', ends_at = now() - interval '1 hour' where id = ${activityId}`);
  await db.execute(sql`
    update activity_members set starts_at = now() - interval '2 hours', queued_at = now() - interval '3 hours',
      joined_at = case when status = 'participant' then now() - interval '3 hours' end
    where activity_id = ${activityId}`);
}
