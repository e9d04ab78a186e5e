import { openDatabase, type DatabaseHandle } from '@rapport/db';
import type { ThrowawayDatabase } from '@rapport/db/testing';
import { loadConfig, startServer, type RunningServer } from '@rapport/server';
import { serverEnv } from '../database';
import { signUpActors, type Actors } from './actors';
import type { Scale } from './scales';
import { seedDatabase, type SeedReport } from './seed';
import { StatementRecorder } from './statements';

/** One seeded database with a real server on it, and the actors signed in. */
export interface World {
  scale: Scale;
  databaseUrl: string;
  handle: DatabaseHandle;
  server: RunningServer;
  recorder: StatementRecorder;
  actors: Actors;
  seed: SeedReport;
}

/**
 * Starts the server in this process on `database` (which applies the
 * migrations), signs up the actors through the SDK and seeds the rest.
 * Whatever it opens is handed to `deferClose` as soon as it is open, so a
 * failure part way still closes it.
 */
export async function openWorld(
  database: ThrowawayDatabase,
  scale: Scale,
  deferClose: (close: () => Promise<void>) => void,
  progress: (text: string) => void,
): Promise<World> {
  const recorder = new StatementRecorder();
  const handle = openDatabase({ kind: 'postgres', url: database.url, poolSize: 20 }, { onQuery: recorder.onQuery });
  deferClose(() => handle.close());
  const server = await startServer(loadConfig(serverEnv(database.url)), { database: handle });
  deferClose(() => server.close());
  progress(`${scale.name}: server ${server.url} on ${database.name}; signing up the actors`);
  const actors = await signUpActors(server.url);
  const seed = await seedDatabase(database.url, scale, actors, progress);
  recorder.watchBackground();
  return { scale, databaseUrl: database.url, handle, server, recorder, actors, seed };
}
