import { sql, type SQL } from '@rapport/db';
import { LIMITS } from '../limits';

const WALKED = LIMITS.suggestionFriendsWalked;

/** One side of `user`'s accepted friendships: `own` holds the user, `other` the friend. */
const friendships = (user: SQL, own: 'requester_id' | 'addressee_id', other: 'addressee_id' | 'requester_id') =>
  sql`select ${sql.raw(other)} as friend_id, created_at, id from connections
    where ${sql.raw(own)} = ${user} and type = 'friend' and status = 'accepted'`;

/** All of `user`'s accepted friends: one index-only scan per direction. */
export const friendsOf = (user: SQL) => sql`
  select friend_id from (${friendships(user, 'requester_id', 'addressee_id')}) a
  union all
  select friend_id from (${friendships(user, 'addressee_id', 'requester_id')}) b`;

/**
 * `user`'s newest LIMITS.suggestionFriendsWalked friends: the newest of each
 * direction's index run, each read only that far. Walking these, then theirs,
 * is how suggestions and discover find friends of friends in bounded work.
 */
export const newestFriendsOf = (user: SQL) => sql`
  select friend_id from (
    (${friendships(user, 'requester_id', 'addressee_id')} order by created_at desc, id desc limit ${WALKED})
    union all
    (${friendships(user, 'addressee_id', 'requester_id')} order by created_at desc, id desc limit ${WALKED})
  ) newest order by created_at desc, id desc limit ${WALKED}`;
