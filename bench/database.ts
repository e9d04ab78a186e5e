import postgres from 'postgres';

/** The environment of a Rapport server child on the benchmark database. */
export function serverEnv(databaseUrl: string): Record<string, string> {
  return {
    DATABASE_URL: databaseUrl,
    AUTH_SECRET: 'benchmark-secret-that-is-long-enough-for-hs256',
    PORT: '0',
    HOST: '127.0.0.1',
    LOG_LEVEL: 'warn',
    DATABASE_POOL_SIZE: '20',
    // The benchmark sends as fast as it can; the per-user limit is not what it measures.
    SEND_RATE_BURST: '1000000000',
    SEND_RATE_PER_SECOND: '1000000000',
    ACCESS_TOKEN_TTL_SECONDS: '3600',
  };
}

/**
 * Gathers planner statistics. A database in production has them; a fresh
 * one has none until autovacuum comes round, and the planner then picks
 * plans (hash joins over whole tables) that it would not pick with them.
 */
export async function analyze(databaseUrl: string): Promise<void> {
  const sql = postgres(databaseUrl, { max: 1, onnotice: () => undefined });
  try {
    await sql`analyze`;
  } finally {
    await sql.end({ timeout: 5 });
  }
}
