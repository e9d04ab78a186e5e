import type postgres from 'postgres';
import { GROUP_MESSAGES, type Scale } from './scales';

export interface SeededIds {
  hub: string;
  popular: string;
  chatter: string;
  tutor: string;
  longConversation: string;
  group: string;
}

/**
 * Checks that the seed holds what the reads are said to run over, and the
 * invariants the send path keeps (which the seed bypasses): trigger-kept
 * counts, dense message numbers, member rows' copy of the latest activity.
 * Throws with every failed check.
 */
export async function verifySeed(sql: postgres.Sql, scale: Scale, ids: SeededIds): Promise<void> {
  const expect = async (what: string, query: Promise<{ value: string | number | null }[]>, want: number) => {
    const [row] = await query;
    const got = Number(row?.value ?? Number.NaN);
    return got === want ? null : `${what}: ${got}, expected ${want}`;
  };
  const results = await Promise.all([
    expect('seeded users', sql`select count(*) as value from users where email like 'scale-%'`, scale.users),
    expect('hub followers (connection_counts)', sql`select followers as value from connection_counts where user_id = ${ids.hub}`, scale.followers),
    expect(
      'hub follow rows',
      sql`select count(*) as value from connections where addressee_id = ${ids.hub} and type = 'follow' and status = 'accepted'`,
      scale.followers,
    ),
    expect('popular friends (connection_counts)', sql`select friends as value from connection_counts where user_id = ${ids.popular}`, scale.friends),
    expect(
      "popular's friends with other than friendsOfEach + 1 friends",
      sql`select count(*) as value from pool p left join connection_counts cc on cc.user_id = p.id
        where p.n <= ${scale.friends}::int and coalesce(cc.friends, 0) <> ${scale.friendsOfEach + 1}::int`,
      0,
    ),
    expect("chatter's conversations", sql`select count(*) as value from conversation_members where user_id = ${ids.chatter}`, scale.conversations),
    expect(
      'long conversation, messages numbered 1..N with no gap',
      // seq is unique per conversation, so N rows from 1 to N are 1..N.
      sql`select case when min(seq) = 1 and max(seq) = count(*) then count(*) end as value from messages where conversation_id = ${ids.longConversation}`,
      scale.messages,
    ),
    expect(
      'conversations whose last_seq is not their message count and highest seq',
      sql`select count(*) as value from conversations c
        left join (select conversation_id, count(*) as n, max(seq) as top from messages group by conversation_id) m on m.conversation_id = c.id
        where coalesce(m.n, 0) <> c.last_seq or coalesce(m.top, 0) <> c.last_seq`,
      0,
    ),
    expect(
      'conversations whose member_count is not their member rows',
      sql`select count(*) as value from conversations c
        left join (select conversation_id, count(*) as n from conversation_members group by conversation_id) m on m.conversation_id = c.id
        where coalesce(m.n, 0) <> c.member_count`,
      0,
    ),
    expect(
      "member rows whose last_activity_at is not their conversation's",
      sql`select count(*) as value from conversation_members cm join conversations c on c.id = cm.conversation_id
        where cm.last_activity_at <> c.last_activity_at`,
      0,
    ),
    expect(
      'group members who read its last message',
      sql`select count(*) as value from conversation_members where conversation_id = ${ids.group} and last_read_seq >= ${GROUP_MESSAGES}::bigint`,
      scale.groupMembers - 1,
    ),
    expect(
      "tutor's pending received requests",
      sql`select count(*) as value from session_requests where tutor_id = ${ids.tutor} and status = 'pending'`,
      scale.requests,
    ),
  ]);
  const failures = results.filter((r): r is string => r !== null);
  if (failures.length > 0) throw new Error(`the ${scale.name} seed is not what the reads need:\n  ${failures.join('\n  ')}`);
}
