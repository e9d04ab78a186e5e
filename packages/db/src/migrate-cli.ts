import { openDatabase } from './client';
import { applyMigrations } from './migrate';

// `pnpm db:migrate`: the production path, where migrations run once per deploy
// rather than at every instance's start.
const url = process.env.DATABASE_URL;
const handle = openDatabase(url ? { kind: 'postgres', url } : { kind: 'pglite', dataDir: process.env.DATA_DIR ?? '.rapport/pgdata' });
try {
  await applyMigrations(handle);
  console.log(`migrations applied to ${handle.target.kind === 'postgres' ? 'PostgreSQL' : 'PGlite'}`);
} finally {
  await handle.close();
}
