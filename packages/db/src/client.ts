import { mkdirSync } from 'node:fs';
import { PGlite } from '@electric-sql/pglite';
import { cube } from '@electric-sql/pglite/contrib/cube';
import { earthdistance } from '@electric-sql/pglite/contrib/earthdistance';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { sql, type ExtractTablesWithRelations, type SQL } from 'drizzle-orm';
import type { PgDatabase, PgQueryResultHKT, PgTransaction } from 'drizzle-orm/pg-core';
import { drizzle as drizzlePglite, type PgliteDatabase } from 'drizzle-orm/pglite';
import { drizzle as drizzlePostgres } from 'drizzle-orm/postgres-js';
import postgres from 'postgres';
import * as schema from './schema/index';

export type Schema = typeof schema;
export type Database = PgDatabase<PgQueryResultHKT, Schema>;
export type Transaction = PgTransaction<PgQueryResultHKT, Schema, ExtractTablesWithRelations<Schema>>;
/** Anything a query can run on: the pool or an open transaction. */
export type Executor = Database | Transaction;

export type DatabaseTarget =
  | { kind: 'postgres'; url: string; poolSize?: number }
  | {
      kind: 'pglite';
      dataDir: string | null;
      /** A data directory dumped by PGlite (dumpDataDir) to start from, e.g. an already-migrated one. */
      snapshot?: Blob;
    };

interface HandleBase {
  db: Database;
  /**
   * The plan PostgreSQL picks for a statement with these parameters (EXPLAIN,
   * as JSON), e.g. one seen through `onQuery`: how the read-path tests and
   * the scale benchmark check that a read is served by an index.
   */
  explain(query: string, params: unknown[], options?: ExplainOptions): Promise<QueryPlan>;
  close(): Promise<void>;
}

/** One node of EXPLAIN's JSON output, with the fields read here. */
export interface QueryPlan {
  'Node Type': string;
  'Relation Name'?: string;
  'Index Name'?: string;
  /** With `analyze`: rows this node produced per loop, and how many loops ran. */
  'Actual Rows'?: number;
  'Actual Loops'?: number;
  /** With `analyze`: rows read and then dropped by the node's filter, per loop. */
  'Rows Removed by Filter'?: number;
  Plans?: QueryPlan[];
}

/** Every node of a plan, the root first: what tests and benchmarks walk to find scans. */
export function* planNodes(plan: QueryPlan): Generator<QueryPlan> {
  yield plan;
  for (const child of plan.Plans ?? []) yield* planNodes(child);
}

export interface ExplainOptions {
  /** Run the statement and report actual row counts (EXPLAIN ANALYZE). Inside a transaction that is rolled back. */
  analyze?: boolean;
  /**
   * false: plan as if sequential scans cost the earth (enable_seqscan off),
   * which asks whether an index can serve the statement at all, whatever the
   * table's size today.
   */
  seqScan?: boolean;
}

function explainStatements(query: string, options: ExplainOptions): { setup: string; explain: string } {
  return {
    setup: options.seqScan === false ? 'set local enable_seqscan = off' : 'select 1',
    explain: `explain (format json${options.analyze ? ', analyze' : ''}) ${query}`,
  };
}

/** Thrown to roll back the transaction an explanation ran in, carrying its result out. */
class Explained extends Error {
  constructor(readonly plan: QueryPlan) {
    super('explained');
  }
}

async function rolledBack(run: () => Promise<never>): Promise<QueryPlan> {
  try {
    return await run();
  } catch (error) {
    if (error instanceof Explained) return error.plan;
    throw error;
  }
}

export interface OpenOptions {
  /** Called with every statement drizzle sends and its parameters. */
  onQuery?: (query: string, params: unknown[]) => void;
}

/**
 * PostgreSQL's LISTEN/NOTIFY on a dedicated connection: how instances sharing
 * one database wake each other without another service.
 */
export interface Notifier {
  notify(channel: string, payload: string): Promise<void>;
  listen(channel: string, onPayload: (payload: string) => void): Promise<{ stop(): Promise<void> }>;
}

/** An open database; `kind` says which driver, and the embedded one keeps its typed client for the migrator. */
export type DatabaseHandle =
  | (HandleBase & { kind: 'postgres'; target: Extract<DatabaseTarget, { kind: 'postgres' }>; notifier: Notifier })
  | (HandleBase & {
      kind: 'pglite';
      target: Extract<DatabaseTarget, { kind: 'pglite' }>;
      embedded: PgliteDatabase<Schema>;
      /** The whole data directory as a tarball: a snapshot to open copies from. */
      dump(): Promise<Blob>;
    });

// Long-held transactions stall everyone waiting on their locks; these bound
// how long a stuck statement or a forgotten open transaction can do that.
const STATEMENT_TIMEOUT_MS = 15_000;
const IDLE_IN_TRANSACTION_TIMEOUT_MS = 30_000;

const PLAN_EACH_CALL = '/* plan each call */';

/**
 * Marks a statement to be planned for the parameters of each call, never
 * from a plan cached for all of them. PostgreSQL switches a prepared
 * statement to one generic plan after five calls when that plan looks no
 * dearer; for a statement whose work depends on how big the user is, the
 * generic plan is costed for an average user and can be a disaster for a
 * popular one (connections.suggestions: a nested loop over every candidate ×
 * every connection, 600 ms instead of 30). PGlite plans every call anyway.
 */
export function planEachCall(statement: SQL): SQL {
  return sql`${sql.raw(PLAN_EACH_CALL)} ${statement}`;
}

/**
 * drizzle asks postgres.js to prepare only queries given a name, so every
 * other statement was parsed and planned by PostgreSQL on every call (the
 * event-log read spent four times longer planning than running). Our queries
 * are fixed texts with parameters: preparing them all means one plan per
 * statement per connection. Transactions get the same treatment. The
 * exception is a statement marked with planEachCall.
 */
function alwaysPrepared(client: postgres.Sql): postgres.Sql {
  return new Proxy(client, {
    get(target, property, receiver) {
      if (property === 'unsafe') {
        return (query: string, parameters?: postgres.ParameterOrJSON<never>[], options?: postgres.UnsafeQueryOptions) =>
          target.unsafe(query, parameters, { ...options, prepare: !query.startsWith(PLAN_EACH_CALL) });
      }
      if (property === 'begin') {
        return (...args: unknown[]) => {
          const work = args.at(-1);
          if (typeof work !== 'function') return Reflect.apply(target.begin, target, args);
          const wrapped = (tx: postgres.Sql) => work(alwaysPrepared(tx));
          return Reflect.apply(target.begin, target, [...args.slice(0, -1), wrapped]);
        };
      }
      return Reflect.get(target, property, receiver);
    },
  });
}

function planOf(rows: unknown[]): QueryPlan {
  const [row] = rows as { 'QUERY PLAN': [{ Plan: QueryPlan }] }[];
  if (row === undefined) throw new Error('EXPLAIN returned no plan');
  return row['QUERY PLAN'][0].Plan;
}

export function openDatabase(target: DatabaseTarget, options: OpenOptions = {}): DatabaseHandle {
  const logger = options.onQuery ? { logQuery: options.onQuery } : undefined;
  if (target.kind === 'postgres') {
    const client = postgres(target.url, {
      max: target.poolSize ?? 10,
      onnotice: () => undefined,
      connection: {
        statement_timeout: STATEMENT_TIMEOUT_MS,
        idle_in_transaction_session_timeout: IDLE_IN_TRANSACTION_TIMEOUT_MS,
        application_name: 'rapport',
      },
    });
    const db = drizzlePostgres(alwaysPrepared(client), { schema, casing: 'snake_case', ...(logger ? { logger } : {}) });
    const notifier: Notifier = {
      notify: async (channel, payload) => {
        await client.notify(channel, payload);
      },
      listen: async (channel, onPayload) => {
        const request = await client.listen(channel, onPayload);
        return { stop: () => request.unlisten() };
      },
    };
    return {
      kind: 'postgres',
      db,
      target,
      notifier,
      explain: (query, params, options = {}) => {
        const { setup, explain } = explainStatements(query, options);
        return rolledBack(() =>
          client.begin(async (tx) => {
            await tx.unsafe(setup);
            throw new Explained(planOf(await tx.unsafe(explain, params as postgres.ParameterOrJSON<never>[])));
          }),
        );
      },
      close: () => client.end({ timeout: 5 }),
    };
  }
  if (target.dataDir !== null) mkdirSync(target.dataDir, { recursive: true });
  const client = new PGlite({
    ...(target.dataDir === null ? {} : { dataDir: target.dataDir }),
    ...(target.snapshot ? { loadDataDir: target.snapshot } : {}),
    // The trigram indexes (migrations 0004, 0006) and the activities' place
    // index (0006) need these loaded in every session.
    extensions: { pg_trgm, cube, earthdistance },
  });
  const db = drizzlePglite(client, { schema, casing: 'snake_case', ...(logger ? { logger } : {}) });
  return {
    kind: 'pglite',
    db,
    embedded: db,
    target,
    explain: (query, params, options = {}) => {
      const { setup, explain } = explainStatements(query, options);
      return rolledBack(() =>
        client.transaction(async (tx) => {
          await tx.query(setup);
          throw new Explained(planOf((await tx.query(explain, params)).rows));
        }),
      );
    },
    close: () => client.close(),
    dump: async () => new Blob([await client.dumpDataDir('none')]),
  };
}
