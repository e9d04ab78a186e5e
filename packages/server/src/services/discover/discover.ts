import { planEachCall, sql, type Database, type SQL } from '@rapport/db';
import { z } from 'zod';
import { compatibilityScoreSql } from '../../domain/compatibility';
import { newestFriendsOf } from '../../domain/friend-walks';
import type { Actor } from '../../domain/sessions';
import { selectRows } from '../../domain/sql-rows';
import { toPublicProfile, usersById } from '../../domain/users';
import { LIMITS } from '../../limits';
import { decodeCursor, toPage, type Page } from '../../pagination';
import { scoreIdCursor, type Discovered, type DiscoverInput } from '../../schemas/discover';

const scoredRow = z.object({
  candidate_id: z.string(),
  score: z.coerce.number(),
  common_interests: z.array(z.string()),
  circle_count: z.coerce.number(),
  common_circles: z.array(z.object({ id: z.string(), name: z.string() })),
  mutual_friends: z.coerce.number(),
  same_city: z.boolean(),
});

const n = (value: number) => sql.raw(String(value));

/** Past a page's last row in (score desc, id) order. */
const pastCursor = (cursor: string | undefined): SQL => {
  if (cursor === undefined) return sql`true`;
  const [score, id] = decodeCursor(cursor, scoreIdCursor);
  return sql`(score < ${score} or (score = ${score} and candidate_id > ${id}::uuid))`;
};

/**
 * People the actor would get along with, most compatible first, with the
 * reasons (docs/ARCHITECTURE.md, "Read paths"). One statement, set by set,
 * whose work is bounded whatever the number of users: candidates come from
 * bounded walks, each through an index that stops —
 *   - for each of my interests, the first LIMITS.discoverPerInterest users
 *     holding it (the GIN index users_interests_idx; in no particular order);
 *   - the newest LIMITS.discoverMembersWalked members of my newest
 *     LIMITS.discoverCirclesWalked live circles (circle_members_circle_idx);
 *   - friends of friends, walked as connections.suggestions walks them
 *     (LIMITS.suggestionFriendsWalked of my friends, and of each of theirs);
 *   - LIMITS.discoverSameCity users of my city (users_city_lower_idx).
 * Each candidate is then scored (domain/compatibility.ts) from what those
 * walks saw: common interests and the same city from their profile, exactly;
 * circles and mutual friends as the walks counted them, which is exact while
 * circles and friend lists are under the walks' sizes. Everyone I am
 * friends with, have a pending or declined request with (either way) or a
 * block with (either way) is one hashed set the candidates are checked
 * against. The same data gives the same candidates, so pages follow each
 * other without repeats; the list ends with the candidates.
 */
export async function discover(db: Database, actor: Actor, input: DiscoverInput): Promise<Page<Discovered>> {
  const me = sql`${actor.userId}::uuid`;
  const score = compatibilityScoreSql({
    interests: sql`cardinality(common_interests)`,
    circles: sql`cardinality(circle_ids)`,
    mutualFriends: sql`mutual_friends`,
    sameCity: sql`same_city`,
  });
  const rows = await selectRows(
    db,
    // How many interests, circles and friends the actor has decides the plan.
    planEachCall(sql`
      with me as materialized (select id, interests, lower(city) as city from users where id = ${me}),
      excluded as materialized (
        select addressee_id as user_id from connections where requester_id = ${me} and type in ('friend', 'block')
        union
        select requester_id from connections where addressee_id = ${me} and type in ('friend', 'block')
      ),
      my_circles as materialized (
        select cm.circle_id from circle_members cm join circles c on c.id = cm.circle_id and c.archived_at is null
        where cm.user_id = ${me} order by cm.joined_at desc, cm.circle_id desc limit ${n(LIMITS.discoverCirclesWalked)}
      ),
      by_circle as materialized (
        select m.user_id as candidate_id, array_agg(mc.circle_id order by mc.circle_id) as circle_ids
        from my_circles mc cross join lateral (
          select user_id from circle_members where circle_id = mc.circle_id
          order by joined_at desc, user_id desc limit ${n(LIMITS.discoverMembersWalked)}
        ) m
        group by m.user_id
      ),
      by_friend as materialized (
        select theirs.friend_id as candidate_id, count(*) as mutual_friends
        from (${newestFriendsOf(me)}) f
        cross join lateral (${newestFriendsOf(sql`f.friend_id`)}) theirs
        group by theirs.friend_id
      ),
      by_profile as materialized (
        select u.id as candidate_id from me cross join lateral unnest(me.interests) i(label)
        cross join lateral (select id from users where interests @> array[i.label] limit ${n(LIMITS.discoverPerInterest)}) u
        union
        select u.id from me cross join lateral (
          select id from users where lower(city) = me.city order by lower(city), id limit ${n(LIMITS.discoverSameCity)}
        ) u
      ),
      candidates as (
        select candidate_id from by_circle union select candidate_id from by_friend union select candidate_id from by_profile
      ),
      shared as (
        select c.candidate_id,
          array(select label from unnest(u.interests) label where label = any(me.interests)) as common_interests,
          coalesce(bc.circle_ids, '{}') as circle_ids,
          coalesce(bf.mutual_friends, 0) as mutual_friends,
          coalesce(lower(u.city) = me.city, false) as same_city
        from candidates c
        cross join me
        -- One primary-key lookup per candidate (offset 0 keeps it so): as a
        -- join, the planner hashes the candidates against every user.
        cross join lateral (select interests, city from users where id = c.candidate_id offset 0) u
        left join by_circle bc on bc.candidate_id = c.candidate_id
        left join by_friend bf on bf.candidate_id = c.candidate_id
        where c.candidate_id <> me.id and not exists (select 1 from excluded e where e.user_id = c.candidate_id)
      ),
      scored as (select shared.*, ${score} as score from shared)
      select page.candidate_id::text as candidate_id, page.score, page.common_interests, cardinality(page.circle_ids) as circle_count,
        coalesce((select json_agg(json_build_object('id', ci.id, 'name', ci.name) order by lower(ci.name), ci.id)
          from (select id, name from circles where id = any(page.circle_ids) order by lower(name), id limit ${n(LIMITS.discoverCommonCirclesShown)}) ci), '[]') as common_circles,
        page.mutual_friends, page.same_city
      from (
        select * from scored where ${pastCursor(input.cursor)}
        order by score desc, candidate_id limit ${input.limit + 1}
      ) page
      order by page.score desc, page.candidate_id`),
    scoredRow,
  );
  const profiles = await usersById(db, rows.map((r) => r.candidate_id));
  // A user deleted between the two reads is left out.
  const found = rows.flatMap((r) => {
    const user = profiles.get(r.candidate_id);
    return user === undefined ? [] : [{ ...r, user }];
  });
  return toPage(found, input.limit, (r) => [String(r.score), r.candidate_id], (r) => ({
    user: toPublicProfile(r.user),
    score: r.score,
    commonInterests: r.common_interests,
    commonCircles: r.common_circles,
    circleCount: r.circle_count,
    mutualFriends: r.mutual_friends,
    sameCity: r.same_city,
  }));
}
