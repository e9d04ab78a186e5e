import { z } from 'zod';
import { LIMITS } from './limits';

const port = z.coerce.number().int().min(0).max(65_535);
const positiveInt = z.coerce.number().int().positive();

const envSchema = z.object({
  PORT: port.default(3000),
  HOST: z.string().min(1).default('0.0.0.0'),
  DATABASE_URL: z
    .url({ protocol: /^postgres(ql)?$/, error: 'must be a postgres:// or postgresql:// URL' })
    .optional(),
  DATABASE_POOL_SIZE: positiveInt.max(200).default(10),
  DATA_DIR: z.string().min(1).default('.rapport'),
  AUTH_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
  AUTH_ISSUER: z.string().min(1).default('rapport'),
  AUTH_AUDIENCE: z.string().min(1).default('rapport-client'),
  ACCESS_TOKEN_TTL_SECONDS: positiveInt.max(3600).default(900),
  REFRESH_TOKEN_TTL_SECONDS: positiveInt.default(60 * 60 * 24 * 30),
  SIGNIN_WINDOW_SECONDS: positiveInt.default(15 * 60),
  SIGNIN_MAX_FAILURES_PER_ACCOUNT: positiveInt.default(5),
  SIGNIN_MAX_FAILURES_PER_ADDRESS: positiveInt.default(50),
  FRIEND_REQUEST_COOLDOWN_SECONDS: z.coerce.number().int().min(0).default(60 * 60 * 24 * 7),
  SEND_RATE_BURST: positiveInt.default(LIMITS.sendBurst),
  SEND_RATE_PER_SECOND: positiveInt.default(LIMITS.sendPerSecond),
  EVENT_RETENTION_SECONDS: positiveInt.default(60 * 60 * 24 * 7),
  // How often each instance looks for events written by other instances
  // (it is also woken at once by its own writes and by a NOTIFY doorbell).
  EVENT_POLL_MS: positiveInt.max(10_000).default(250),
  SESSION_CHECK_MS: positiveInt.max(60_000).default(3000),
  LOG_LEVEL: z.enum(['debug', 'info', 'warn', 'error', 'silent']).default('info'),
  SHUTDOWN_GRACE_MS: positiveInt.default(10_000),
  // How long a shared location counts for nearby, unless shared again.
  LOCATION_TTL_SECONDS: positiveInt.max(7 * 24 * 3600).default(3600),
  // Which web origins may call the API from a browser: `*`, or a comma-separated list.
  CORS_ORIGINS: z
    .string()
    .refine((value) => value.trim() === '*' || value.split(',').every((origin) => isOrigin(origin.trim())), {
      error: 'must be * or a comma-separated list of origins such as https://app.example.com (scheme, host and port only)',
    })
    .optional(),
});

function isOrigin(text: string): boolean {
  try {
    return new URL(text).origin === text;
  } catch {
    return false;
  }
}

export type Env = z.infer<typeof envSchema>;

export interface Config {
  port: number;
  host: string;
  database: { kind: 'postgres'; url: string; poolSize: number } | { kind: 'pglite'; dataDir: string | null };
  dataDir: string;
  auth: {
    /** Null means: generate one and keep it in the data directory. */
    secret: string | null;
    issuer: string;
    audience: string;
    accessTokenTtlSeconds: number;
    refreshTokenTtlSeconds: number;
  };
  signInThrottle: { windowSeconds: number; maxFailuresPerAccount: number; maxFailuresPerAddress: number };
  connections: { friendRequestCooldownSeconds: number };
  chat: { sendBurst: number; sendPerSecond: number };
  realtime: { retentionSeconds: number; pollMs: number; sessionCheckMs: number };
  logLevel: Env['LOG_LEVEL'];
  shutdownGraceMs: number;
  /** Browser origins allowed to call the API: every one ('*'), or these; none by default (same origin only). */
  corsOrigins: '*' | string[];
  /** How long a shared location is kept for nearby. */
  locationTtlSeconds: number;
}

export class ConfigError extends Error {
  override name = 'ConfigError';
}

/** Reads the environment once at start; every bad value is named with what it must be. */
export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const parsed = envSchema.safeParse(stripEmpty(env));
  if (!parsed.success) {
    const lines = parsed.error.issues.map((issue) => `  ${issue.path.join('.')}: ${issue.message}`);
    throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}`);
  }
  const e = parsed.data;
  if (e.DATABASE_URL && !e.AUTH_SECRET) {
    // Instances sharing a database must share the signing secret, so it cannot
    // be generated locally as it is for the embedded default.
    throw new ConfigError('Invalid configuration:\n  AUTH_SECRET: required when DATABASE_URL is set (at least 32 characters, the same on every instance)');
  }
  return {
    port: e.PORT,
    host: e.HOST,
    database: e.DATABASE_URL
      ? { kind: 'postgres', url: e.DATABASE_URL, poolSize: e.DATABASE_POOL_SIZE }
      : { kind: 'pglite', dataDir: `${e.DATA_DIR}/pgdata` },
    dataDir: e.DATA_DIR,
    auth: {
      secret: e.AUTH_SECRET ?? null,
      issuer: e.AUTH_ISSUER,
      audience: e.AUTH_AUDIENCE,
      accessTokenTtlSeconds: e.ACCESS_TOKEN_TTL_SECONDS,
      refreshTokenTtlSeconds: e.REFRESH_TOKEN_TTL_SECONDS,
    },
    signInThrottle: {
      windowSeconds: e.SIGNIN_WINDOW_SECONDS,
      maxFailuresPerAccount: e.SIGNIN_MAX_FAILURES_PER_ACCOUNT,
      maxFailuresPerAddress: e.SIGNIN_MAX_FAILURES_PER_ADDRESS,
    },
    connections: { friendRequestCooldownSeconds: e.FRIEND_REQUEST_COOLDOWN_SECONDS },
    chat: { sendBurst: e.SEND_RATE_BURST, sendPerSecond: e.SEND_RATE_PER_SECOND },
    realtime: { retentionSeconds: e.EVENT_RETENTION_SECONDS, pollMs: e.EVENT_POLL_MS, sessionCheckMs: e.SESSION_CHECK_MS },
    logLevel: e.LOG_LEVEL,
    shutdownGraceMs: e.SHUTDOWN_GRACE_MS,
    locationTtlSeconds: e.LOCATION_TTL_SECONDS,
    corsOrigins: e.CORS_ORIGINS === undefined ? [] : e.CORS_ORIGINS.trim() === '*' ? '*' : e.CORS_ORIGINS.split(',').map((origin) => origin.trim()),
  };
}

// `PORT=` in a shell or .env file means "not set", not "the empty string".
function stripEmpty(env: Record<string, string | undefined>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(env)) if (value !== undefined && value !== '') out[key] = value;
  return out;
}
