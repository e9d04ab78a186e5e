import { sql, type Database, type SQL } from '@rapport/db';
import { z } from 'zod';
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

/** The accepted friends of `user`: one index-only scan per direction. */
const friendsOf = (user: SQL) => sql`
  select addressee_id as friend_id from connections where requester_id = ${user} and type = 'friend' and status = 'accepted'
  union all
  select requester_id from connections where addressee_id = ${user} and type = 'friend' and status = 'accepted'`;

/**
 * Friends of friends, most mutual friends first. Leaves out anyone the actor
 * already has a connection of some kind with: a follow either way, a friendship, a
 * request, a block either way, and a declined request either way (suggesting
 * someone who said no, or whom the actor turned down, invites a refusal or a
 * CONFLICT from the cooldown).
 *
 * One statement, set by set (docs/ARCHITECTURE.md, "Read paths"): my
 * friends' friendships are read from the indexes alone and counted per
 * candidate; the actor's own connections are one hashed set that the
 * candidates are checked against, never a search per pair. Names are looked
 * up only for the page that is returned.
 */
export async function suggestConnections(db: Database, actor: Actor, input: SuggestionsInput): Promise<Suggestion[]> {
  const me = sql`${actor.userId}::uuid`;
  const candidates = await selectRows(
    db,
    sql`
      with my_friends as materialized (${friendsOf(me)}),
      mine as materialized (
        select addressee_id as user_id from connections where requester_id = ${me}
        union
        select requester_id from connections where addressee_id = ${me}
      ),
      counted as (
        select fof.candidate_id, count(*) as mutual_count
        from (
          select c.addressee_id as candidate_id
          from my_friends f join connections c on c.requester_id = f.friend_id and c.type = 'friend' and c.status = 'accepted'
          union all
          select c.requester_id
          from my_friends f join connections c on c.addressee_id = f.friend_id and c.type = 'friend' and c.status = 'accepted'
        ) fof
        where fof.candidate_id <> ${me} and not exists (select 1 from mine where mine.user_id = fof.candidate_id)
        group by fof.candidate_id
        order by count(*) desc, fof.candidate_id
        limit ${input.limit}
      )
      select r.candidate_id::text as candidate_id, r.mutual_count,
        array(
          select u.name
          from (${friendsOf(sql`r.candidate_id`)}) theirs
          join my_friends f on f.friend_id = theirs.friend_id
          join users u on u.id = theirs.friend_id
          order by lower(u.name), u.id
          limit ${LIMITS.mutualNamesShown}
        ) as mutual_names
      from counted r
      order by r.mutual_count desc, r.candidate_id`,
    candidateRow,
  );
  const profiles = await usersById(db, candidates.map((c) => c.candidate_id), { hiddenFrom: actor.userId });
  return candidates.flatMap((c) => {
    const user = profiles.get(c.candidate_id);
    return user ? [{ user: toPublicProfile(user), mutualCount: c.mutual_count, mutualNames: c.mutual_names }] : [];
  });
}
