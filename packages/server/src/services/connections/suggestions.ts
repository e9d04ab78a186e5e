import { planEachCall, sql, type Database } from '@rapport/db';
import { z } from 'zod';
import { friendsOf, newestFriendsOf } from '../../domain/friend-walks';
import type { Actor } from '../../domain/sessions';
import { selectRows } from '../../domain/sql-rows';
import { toPublicProfile, usersById } from '../../domain/users';
import { LIMITS } from '../../limits';
import type { Suggestion, SuggestionsInput } from '../../schemas/connection';

const candidateRow = z.object({
  candidate_id: z.string(),
  mutual_count: z.coerce.number(),
  mutual_names: z.array(z.string()),
});

/**
 * Friends of friends, most mutual friends first. Leaves out anyone the actor
 * already has a connection of some kind with: a follow either way, a friendship, a
 * request, a block either way, and a declined request either way (suggesting
 * someone who said no, or whom the actor turned down, invites a refusal or a
 * CONFLICT from the cooldown).
 *
 * One statement, set by set, with its work bounded (docs/ARCHITECTURE.md,
 * "Read paths"): candidates are found among the newest friendships of my
 * newest friends (LIMITS.suggestionFriendsWalked of each), read from the
 * indexes alone and counted per candidate; my own connections are one hashed
 * set they are checked against, never a search per pair. For the page
 * returned, the mutual count and names are then exact: each candidate's
 * friends against all of mine. Below that many friends, nothing is left out.
 */
export async function suggestConnections(db: Database, actor: Actor, input: SuggestionsInput): Promise<Suggestion[]> {
  const me = sql`${actor.userId}::uuid`;
  // How many friends and connections the actor has decides the plan.
  const candidates = await selectRows(
    db,
    planEachCall(sql`
      with my_friends as materialized (${friendsOf(me)}),
      mine as materialized (
        select addressee_id as user_id from connections where requester_id = ${me}
        union
        select requester_id from connections where addressee_id = ${me}
      ),
      ranked as (
        select theirs.friend_id as candidate_id
        from (${newestFriendsOf(me)}) f
        cross join lateral (${newestFriendsOf(sql`f.friend_id`)}) theirs
        where theirs.friend_id <> ${me} and not exists (select 1 from mine where mine.user_id = theirs.friend_id)
        group by theirs.friend_id
        order by count(*) desc, theirs.friend_id
        limit ${input.limit}
      )
      select r.candidate_id::text as candidate_id, mutual.mutual_count, mutual.mutual_names
      from ranked r
      cross join lateral (
        select count(*) as mutual_count,
          coalesce((array_agg(u.name order by lower(u.name), u.id))[1:${LIMITS.mutualNamesShown}], '{}') as mutual_names
        from (${friendsOf(sql`r.candidate_id`)}) theirs
        join my_friends f on f.friend_id = theirs.friend_id
        join users u on u.id = theirs.friend_id
      ) mutual
      order by mutual.mutual_count desc, r.candidate_id`),
    candidateRow,
  );
  const profiles = await usersById(db, candidates.map((c) => c.candidate_id), { hiddenFrom: actor.userId });
  return candidates.flatMap((c) => {
    const user = profiles.get(c.candidate_id);
    return user ? [{ user: toPublicProfile(user), mutualCount: c.mutual_count, mutualNames: c.mutual_names }] : [];
  });
}
