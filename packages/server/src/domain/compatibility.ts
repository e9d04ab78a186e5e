import { sql, type SQL } from '@rapport/db';

/**
 * How compatible two people are, 0–100 (community.discover), in one place:
 * points per thing they share, each kind capped, the caps adding up to 100.
 * Interests weigh most (they are what a person says they care about), then
 * mutual friends and circles (where they already meet), then the same city
 * (where they could). Change a weight or a cap here and discover, its SQL
 * and its reasons follow.
 */
export const COMPATIBILITY = {
  interests: { points: 12, counted: 4 }, // up to 48
  mutualFriends: { points: 8, counted: 3 }, // up to 24
  circles: { points: 10, counted: 2 }, // up to 20
  sameCity: 8,
} as const;

const sqlPart = (n: SQL, weight: { points: number; counted: number }) => sql`least(${n}, ${sql.raw(String(weight.counted))}) * ${sql.raw(String(weight.points))}`;

/**
 * The score of what two people share, as SQL over the counts, so one
 * statement scores, orders and pages by it; the weights are written into the text as literals (they are
 * constants, and a literal keeps the plan the same for every call).
 */
export function compatibilityScoreSql(shared: { interests: SQL; circles: SQL; mutualFriends: SQL; sameCity: SQL }): SQL {
  const { interests, mutualFriends, circles, sameCity } = COMPATIBILITY;
  return sql`least(100, ${sqlPart(shared.interests, interests)} + ${sqlPart(shared.mutualFriends, mutualFriends)} + ${sqlPart(shared.circles, circles)}
    + case when ${shared.sameCity} then ${sql.raw(String(sameCity))} else 0 end)`;
}
