import { sql, type Database } from '@rapport/db';
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

/**
 * Friends of friends, most mutual friends first. Leaves out anyone the actor
 * already has a connection of some kind with: a follow either way, a friendship, a
 * request, a block either way, and a declined request either way (suggesting
 * someone who said no, or whom the actor turned down, invites a refusal or a
 * CONFLICT from the cooldown).
 */
export async function suggestConnections(db: Database, actor: Actor, input: SuggestionsInput): Promise<Suggestion[]> {
  const me = actor.userId;
  const candidates = await selectRows(
    db,
    sql`
      with my_friends as (
        select case when requester_id = ${me} then addressee_id else requester_id end as friend_id
        from connections
        where type = 'friend' and status = 'accepted' and (requester_id = ${me} or addressee_id = ${me})
      ),
      friends_of_friends as (
        select case when c.requester_id = f.friend_id then c.addressee_id else c.requester_id end as candidate_id,
               f.friend_id as mutual_id
        from connections c
        join my_friends f on c.requester_id = f.friend_id or c.addressee_id = f.friend_id
        where c.type = 'friend' and c.status = 'accepted'
      )
      select fof.candidate_id::text as candidate_id,
             count(*) as mutual_count,
             (array_agg(u.name order by lower(u.name), u.id))[1:${LIMITS.mutualNamesShown}] as mutual_names
      from friends_of_friends fof
      join users u on u.id = fof.mutual_id
      where fof.candidate_id <> ${me}
        and not exists (
          select 1 from connections x
          where ((x.requester_id = ${me} and x.addressee_id = fof.candidate_id)
              or (x.requester_id = fof.candidate_id and x.addressee_id = ${me})))
      group by fof.candidate_id
      order by count(*) desc, fof.candidate_id
      limit ${input.limit}`,
    candidateRow,
  );
  const profiles = await usersById(db, candidates.map((c) => c.candidate_id), { hiddenFrom: me });
  return candidates.flatMap((c) => {
    const user = profiles.get(c.candidate_id);
    return user ? [{ user: toPublicProfile(user), mutualCount: c.mutual_count, mutualNames: c.mutual_names }] : [];
  });
}
