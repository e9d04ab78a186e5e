import { authThrottle, eq, sql, type Executor } from '@rapport/db';

export interface ThrottleRule {
  key: string;
  max: number;
  windowSeconds: number;
}

/**
 * Counts an attempt before it is made, in one atomic upsert, so fifty
 * concurrent guesses cannot all slip under the limit. Returns how long to wait
 * when the attempt is over the limit, or null when it may proceed.
 */
export async function reserveAttempt(db: Executor, rule: ThrottleRule): Promise<number | null> {
  const expired = sql`${authThrottle.windowStartedAt} <= now() - make_interval(secs => ${rule.windowSeconds})`;
  const [row] = await db
    .insert(authThrottle)
    .values({ key: rule.key, attempts: 1, windowStartedAt: sql`now()` })
    .onConflictDoUpdate({
      target: authThrottle.key,
      set: {
        attempts: sql`case when ${expired} then 1 else ${authThrottle.attempts} + 1 end`,
        windowStartedAt: sql`case when ${expired} then now() else ${authThrottle.windowStartedAt} end`,
      },
    })
    .returning({
      attempts: authThrottle.attempts,
      retryAfter: sql<number>`ceil(extract(epoch from (${authThrottle.windowStartedAt} + make_interval(secs => ${rule.windowSeconds}) - now())))::int`,
    });
  if (!row || row.attempts <= rule.max) return null;
  return Math.max(1, row.retryAfter);
}

/** A successful attempt does not count against the limit. */
export async function releaseAttempt(db: Executor, key: string): Promise<void> {
  await db
    .update(authThrottle)
    .set({ attempts: sql`greatest(${authThrottle.attempts} - 1, 0)` })
    .where(eq(authThrottle.key, key));
}

export async function clearAttempts(db: Executor, key: string): Promise<void> {
  await db.delete(authThrottle).where(eq(authThrottle.key, key));
}
