import type postgres from 'postgres';
import { GROUP_MESSAGES } from './scales';
import { inSlices } from './seed-people';

// Conversations written as the send path leaves them: messages numbered
// 1..last_seq with no gaps, conversations.last_seq the highest, every member
// row carrying the conversation's last_activity_at (what the inbox index
// orders by), member_count the number of member rows.

const LONG_BODY = 'See you at the usual place.';
// Each slice is one statement and one transaction: progress to report, and
// no single transaction holding millions of rows' worth of locks and WAL.
const MESSAGES_PER_STATEMENT = 1_000_000;

/**
 * The chatter's inbox: `count` conversations with seeded users 1..count, two
 * messages each, one minute of activity apart. Every tenth is a group of
 * three (with user count + i too), the rest direct.
 */
export async function seedInbox(sql: postgres.Sql, chatter: string, count: number, base: Date): Promise<void> {
  await sql`
    create temp table inbox as
    select i, gen_random_uuid() as id, i % 10 = 0 as grp, ${base}::timestamptz - i * interval '1 minute' as at
    from generate_series(1, ${count}::int) i`;
  await sql`
    insert into conversations (id, kind, title, direct_low_id, direct_high_id, created_by, last_seq, member_count, last_activity_at, created_at, updated_at)
    select s.id, (case when s.grp then 'group' else 'direct' end)::conversation_kind, case when s.grp then 'Group ' || s.i end,
      case when not s.grp then least(${chatter}::uuid, p.id) end, case when not s.grp then greatest(${chatter}::uuid, p.id) end,
      ${chatter}::uuid, 2, case when s.grp then 3 else 2 end, s.at, s.at - interval '30 days', s.at
    from inbox s join pool p on p.n = s.i`;
  await sql`
    insert into conversation_members (conversation_id, user_id, role, last_read_seq, last_read_at, joined_at, last_activity_at)
    select s.id, ${chatter}::uuid, (case when s.grp then 'owner' else 'member' end)::member_role, 2, s.at, s.at - interval '30 days', s.at from inbox s
    union all
    select s.id, p.id, 'member', 1, s.at - interval '1 minute', s.at - interval '30 days', s.at from inbox s join pool p on p.n = s.i
    union all
    select s.id, p.id, 'member', 0, null, s.at - interval '30 days', s.at from inbox s join pool p on p.n = ${count}::int + s.i where s.grp`;
  await sql`
    insert into messages (conversation_id, seq, sender_id, kind, body, created_at)
    select s.id, 1, p.id, 'text'::message_kind, 'Are you coming on Saturday?', s.at - interval '1 minute' from inbox s join pool p on p.n = s.i
    union all
    select s.id, 2, ${chatter}::uuid, 'text', 'Yes, see you there.', s.at from inbox s`;
}

/**
 * The historian's direct conversation with seeded user `partner`, holding
 * `count` messages 10 ms apart, the last one at `base`. A short fixed body
 * keeps the generated tsvector column cheap to fill. Returns its id.
 */
export async function seedLongConversation(
  sql: postgres.Sql,
  historian: string,
  partner: number,
  count: number,
  base: Date,
  progress: (text: string) => void,
): Promise<string> {
  const [created] = await sql<{ id: string; partner: string }[]>`
    insert into conversations (kind, direct_low_id, direct_high_id, created_by, last_seq, member_count, last_activity_at, created_at, updated_at)
    select 'direct', least(${historian}::uuid, p.id), greatest(${historian}::uuid, p.id), ${historian}::uuid, ${count}::bigint, 2,
      ${base}::timestamptz, ${base}::timestamptz - ${count}::bigint * interval '10 ms' - interval '1 day', ${base}::timestamptz
    from pool p where p.n = ${partner}::int
    returning id, case when direct_low_id = ${historian}::uuid then direct_high_id else direct_low_id end as partner`;
  if (created === undefined) throw new Error(`no seeded user ${partner} to talk to`);
  const { id, partner: partnerId } = created;
  await sql`
    insert into conversation_members (conversation_id, user_id, role, last_read_seq, last_read_at, joined_at, last_activity_at)
    select ${id}::uuid, m.user_id, 'member', m.read, ${base}::timestamptz, c.created_at, c.last_activity_at
    from conversations c, (values (${historian}::uuid, ${count}::bigint), (${partnerId}::uuid, ${count - 1}::bigint)) as m(user_id, read)
    where c.id = ${id}::uuid`;
  const started = performance.now();
  await inSlices(count, MESSAGES_PER_STATEMENT, async (from, to) => {
    await sql`
      insert into messages (conversation_id, seq, sender_id, kind, body, created_at)
      select ${id}::uuid, s, case when s % 2 = 0 then ${historian}::uuid else ${partnerId}::uuid end, 'text', ${LONG_BODY},
        ${base}::timestamptz - (${count}::bigint - s) * interval '10 ms'
      from generate_series(${from}::bigint, ${to}::bigint) s`;
    const seconds = (performance.now() - started) / 1000;
    progress(`  messages ${to.toLocaleString('en-US')} / ${count.toLocaleString('en-US')} (${seconds.toFixed(0)} s, ${Math.round(to / seconds).toLocaleString('en-US')}/s)`);
  });
  return id;
}

/**
 * A group of `members` (the owner and seeded users 1..members-1) with
 * GROUP_MESSAGES messages from the owner; everyone has read the last one
 * except the newest member, who stopped one short. Returns its id.
 */
export async function seedGroup(sql: postgres.Sql, owner: string, members: number, base: Date): Promise<string> {
  const lastAt = new Date(base.getTime() - 3_600_000);
  const [created] = await sql<{ id: string }[]>`
    insert into conversations (kind, title, created_by, last_seq, member_count, last_activity_at, created_at, updated_at)
    values ('group', 'Scale group', ${owner}::uuid, ${GROUP_MESSAGES}::bigint, ${members}::int, ${lastAt}::timestamptz,
      ${lastAt}::timestamptz - interval '30 days', ${lastAt}::timestamptz)
    returning id`;
  if (created === undefined) throw new Error('group was not created');
  const { id } = created;
  await sql`
    insert into conversation_members (conversation_id, user_id, role, last_read_seq, last_read_at, joined_at, last_activity_at)
    select ${id}::uuid, ${owner}::uuid, 'owner'::member_role, ${GROUP_MESSAGES}::bigint, ${lastAt}::timestamptz, ${lastAt}::timestamptz - interval '30 days', ${lastAt}::timestamptz
    union all
    select ${id}::uuid, p.id, 'member', case when p.n = ${members - 1}::int then ${GROUP_MESSAGES - 1}::bigint else ${GROUP_MESSAGES}::bigint end,
      ${lastAt}::timestamptz, ${lastAt}::timestamptz - interval '30 days' + p.n * interval '1 second', ${lastAt}::timestamptz
    from pool p where p.n < ${members}::int`;
  await sql`
    insert into messages (conversation_id, seq, sender_id, kind, body, created_at)
    select ${id}::uuid, s, ${owner}::uuid, 'text', 'Meeting moved to 6 pm.', ${lastAt}::timestamptz - (${GROUP_MESSAGES}::int - s) * interval '1 minute'
    from generate_series(1, ${GROUP_MESSAGES}::int) s`;
  return id;
}
