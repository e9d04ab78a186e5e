import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../src/config';

const SECRET = 'a'.repeat(32);

function configErrorOf(env: Record<string, string | undefined>): ConfigError {
  try {
    loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error(`loadConfig accepted ${JSON.stringify(env)}`);
}

describe('loadConfig', () => {
  it('defaults to the embedded database on port 3000 with a generated secret', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({
      port: 3000,
      host: '0.0.0.0',
      database: { kind: 'pglite', dataDir: '.rapport/pgdata' },
      dataDir: '.rapport',
      auth: { secret: null, accessTokenTtlSeconds: 900, refreshTokenTtlSeconds: 2_592_000 },
      signInThrottle: { windowSeconds: 900, maxFailuresPerAccount: 5, maxFailuresPerAddress: 50 },
      connections: { friendRequestCooldownSeconds: 604_800 },
      logLevel: 'info',
    });
  });

  it('reads every documented variable', () => {
    const config = loadConfig({
      PORT: '8080',
      HOST: '127.0.0.1',
      DATABASE_URL: 'postgres://app@db.internal:5432/rapport',
      DATABASE_POOL_SIZE: '25',
      DATA_DIR: '/var/lib/rapport',
      AUTH_SECRET: SECRET,
      ACCESS_TOKEN_TTL_SECONDS: '600',
      REFRESH_TOKEN_TTL_SECONDS: '86400',
      SIGNIN_WINDOW_SECONDS: '60',
      SIGNIN_MAX_FAILURES_PER_ACCOUNT: '3',
      SIGNIN_MAX_FAILURES_PER_ADDRESS: '30',
      FRIEND_REQUEST_COOLDOWN_SECONDS: '0',
      LOG_LEVEL: 'warn',
    });
    expect(config).toMatchObject({
      port: 8080,
      host: '127.0.0.1',
      database: { kind: 'postgres', url: 'postgres://app@db.internal:5432/rapport', poolSize: 25 },
      dataDir: '/var/lib/rapport',
      auth: { secret: SECRET, accessTokenTtlSeconds: 600, refreshTokenTtlSeconds: 86_400 },
      signInThrottle: { windowSeconds: 60, maxFailuresPerAccount: 3, maxFailuresPerAddress: 30 },
      connections: { friendRequestCooldownSeconds: 0 },
      logLevel: 'warn',
    });
  });

  it('accepts postgresql:// as well as postgres://', () => {
    expect(loadConfig({ DATABASE_URL: 'postgresql://app@localhost/rapport', AUTH_SECRET: SECRET }).database.kind).toBe('postgres');
  });

  it.each<[string, string]>([
    ['PORT', 'abc'],
    ['PORT', '65536'],
    ['PORT', '-1'],
    ['PORT', '80.5'],
    ['DATABASE_URL', 'mysql://app@localhost/rapport'],
    ['DATABASE_URL', 'not a url'],
    ['DATABASE_POOL_SIZE', '0'],
    ['AUTH_SECRET', 'too-short'],
    ['ACCESS_TOKEN_TTL_SECONDS', '7200'],
    ['ACCESS_TOKEN_TTL_SECONDS', 'soon'],
    ['REFRESH_TOKEN_TTL_SECONDS', '0'],
    ['SIGNIN_WINDOW_SECONDS', '-5'],
    ['SIGNIN_MAX_FAILURES_PER_ACCOUNT', 'many'],
    ['SIGNIN_MAX_FAILURES_PER_ADDRESS', '1.5'],
    ['FRIEND_REQUEST_COOLDOWN_SECONDS', '-1'],
    ['LOG_LEVEL', 'loud'],
  ])('rejects %s=%s, naming the variable', (name, value) => {
    const env: Record<string, string> = { [name]: value };
    if (name === 'DATABASE_URL') env.AUTH_SECRET = SECRET;
    const error = configErrorOf(env);
    expect(error.name).toBe('ConfigError');
    expect(error.message).toContain(`${name}:`);
  });

  it('names every bad variable at once, and only those', () => {
    const error = configErrorOf({ PORT: 'abc', LOG_LEVEL: 'loud', AUTH_SECRET: 'short', HOST: '127.0.0.1' });
    expect(error.message).toContain('PORT:');
    expect(error.message).toContain('LOG_LEVEL:');
    expect(error.message).toContain('AUTH_SECRET:');
    expect(error.message).not.toContain('HOST');
  });

  it('requires AUTH_SECRET with DATABASE_URL, since instances sharing a database must share it', () => {
    const error = configErrorOf({ DATABASE_URL: 'postgres://app@localhost/rapport' });
    expect(error.message).toContain('AUTH_SECRET:');
    expect(error.message).toContain('DATABASE_URL');
  });

  it('treats empty strings as unset', () => {
    const config = loadConfig({
      PORT: '',
      HOST: '',
      DATABASE_URL: '',
      AUTH_SECRET: '',
      DATA_DIR: '',
      LOG_LEVEL: '',
      ACCESS_TOKEN_TTL_SECONDS: '',
    });
    expect(config).toMatchObject({
      port: 3000,
      host: '0.0.0.0',
      database: { kind: 'pglite', dataDir: '.rapport/pgdata' },
      auth: { secret: null, accessTokenTtlSeconds: 900 },
      logLevel: 'info',
    });
  });

  it('ignores variables it does not know', () => {
    expect(loadConfig({ PATH: '/usr/bin', NODE_ENV: 'production' }).port).toBe(3000);
  });

  it('reads CORS_ORIGINS as none by default, any with *, or a list of exact origins', () => {
    expect(loadConfig({}).corsOrigins).toEqual([]);
    expect(loadConfig({ CORS_ORIGINS: '*' }).corsOrigins).toBe('*');
    expect(loadConfig({ CORS_ORIGINS: 'https://app.example.com, http://localhost:5173' }).corsOrigins).toEqual(['https://app.example.com', 'http://localhost:5173']);
    for (const bad of ['app.example.com', 'https://app.example.com/', 'https://app.example.com/path', 'https://a.com,,https://b.com']) {
      expect(configErrorOf({ CORS_ORIGINS: bad }).message).toContain('CORS_ORIGINS: must be * or a comma-separated list of origins');
    }
  });
});
