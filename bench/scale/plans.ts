import { planNodes, sql as drizzleSql, type QueryPlan } from '@rapport/db';
import postgres from 'postgres';
import type { Statement } from './statements';
import type { World } from './world';

/** Tables that grow with the data: a sequential scan of one is a read that grows with it. */
const BIG_TABLES = new Set(['users', 'connections', 'connection_counts', 'conversations', 'conversation_members', 'messages', 'session_requests', 'events']);

export interface StatementPlan extends Statement {
  /** "Seq Scan on <table>" for every such node on a big table. */
  seqScans: string[];
  /** Every index the plan reads, once each. */
  indexes: string[];
  /**
   * How often the server's own prepared statement ran a generic plan rather
   * than one made for the parameters, over the pool connections sampled; a
   * generic plan can differ from the one EXPLAIN shows for these parameters.
   */
  generic: { runs: number; of: number; seqScans: string[] | null } | null;
}

function scansOf(plan: QueryPlan): { seqScans: string[]; indexes: string[] } {
  const seqScans: string[] = [];
  const indexes = new Set<string>();
  for (const node of planNodes(plan)) {
    const relation = node['Relation Name'];
    if (node['Node Type'] === 'Seq Scan' && relation !== undefined && BIG_TABLES.has(relation)) seqScans.push(`Seq Scan on ${relation}`);
    if (node['Index Name'] !== undefined) indexes.add(node['Index Name']);
  }
  return { seqScans, indexes: [...indexes] };
}

/**
 * The statements one call sends, seen on two calls: a statement of the
 * server's background work that happens to land inside one call is not in
 * the other.
 */
export async function statementsOf(world: World, call: () => Promise<unknown>): Promise<Statement[]> {
  const first = await world.recorder.capture(call);
  const second = new Set((await world.recorder.capture(call)).map((s) => s.query));
  const kept = new Map<string, Statement>();
  for (const s of first) if (second.has(s.query) && !kept.has(s.query)) kept.set(s.query, s);
  return [...kept.values()];
}

/** Each statement's plan for its parameters, and how the server's prepared copy of it has been planned. */
export async function plansOf(world: World, statements: Statement[]): Promise<StatementPlan[]> {
  const prepared = await preparedStatementRuns(world);
  const plans: StatementPlan[] = [];
  for (const statement of statements) {
    const runs = prepared.get(statement.query);
    const genericSeqScans = runs !== undefined && runs.generic > 0 ? scansOf(await genericPlan(world.databaseUrl, statement)).seqScans : null;
    const generic = runs === undefined ? null : { runs: runs.generic, of: runs.generic + runs.custom, seqScans: genericSeqScans };
    plans.push({ ...statement, ...scansOf(await world.handle.explain(statement.query, statement.params)), generic });
  }
  return plans;
}

/**
 * pg_prepared_statements of the server's pool connections, summed by
 * statement text. The view shows only its own session's statements, so it
 * is read through the pool, a few times: postgres.js hands each query to
 * the connection idle longest, so the reads land on several of them.
 */
async function preparedStatementRuns(world: World): Promise<Map<string, { generic: number; custom: number }>> {
  const byBackend = new Map<number, Map<string, { generic: number; custom: number }>>();
  for (let i = 0; i < 8; i++) {
    const result: unknown = await world.handle.db.execute(
      drizzleSql`select pg_backend_pid() as pid, statement, generic_plans, custom_plans from pg_prepared_statements`,
    );
    for (const row of Array.isArray(result) ? result : []) {
      if (typeof row !== 'object' || row === null) continue;
      const { pid, statement, generic_plans: generic, custom_plans: custom } = row as Record<string, unknown>;
      if (typeof statement !== 'string') continue;
      const backend = byBackend.get(Number(pid)) ?? new Map<string, { generic: number; custom: number }>();
      backend.set(statement, { generic: Number(generic), custom: Number(custom) });
      byBackend.set(Number(pid), backend);
    }
  }
  const total = new Map<string, { generic: number; custom: number }>();
  for (const backend of byBackend.values()) {
    for (const [statement, runs] of backend) {
      const sum = total.get(statement) ?? { generic: 0, custom: 0 };
      total.set(statement, { generic: sum.generic + runs.generic, custom: sum.custom + runs.custom });
    }
  }
  return total;
}

const bound = (params: unknown[]) => params as postgres.ParameterOrJSON<never>[];

/**
 * A parameter as an SQL literal of unknown type, which EXECUTE coerces to
 * the prepared statement's parameter type. EXECUTE's arguments cannot be
 * bound parameters: a utility statement's are never given a type.
 */
function literal(value: unknown): string {
  if (value === null || value === undefined) return 'NULL';
  const text = value instanceof Date ? value.toISOString() : typeof value === 'object' ? JSON.stringify(value) : String(value);
  return `'${text.replaceAll("'", "''")}'`;
}

const executeProbe = (params: unknown[]) => `execute scale_probe(${params.map(literal).join(', ')})`;

/**
 * The plan a prepared statement gets once PostgreSQL stops planning it per
 * call: PREPARE it on a session of our own and EXPLAIN EXECUTE it with the
 * generic plan forced (PostgreSQL 15 has no EXPLAIN (GENERIC_PLAN)).
 */
async function genericPlan(url: string, statement: Statement): Promise<QueryPlan> {
  const rows = await onSession(url, async (sql) => {
    await sql.unsafe('set plan_cache_mode = force_generic_plan');
    await sql.unsafe(`prepare scale_probe as ${statement.query}`);
    return sql.unsafe(`explain (format json) ${executeProbe(statement.params)}`);
  });
  const [row] = rows as unknown as { 'QUERY PLAN': [{ Plan: QueryPlan }] }[];
  if (row === undefined) throw new Error('EXPLAIN returned no plan');
  return row['QUERY PLAN'][0].Plan;
}

/**
 * EXPLAIN (ANALYZE, BUFFERS) as text, of the plan for these parameters or
 * of the generic plan (forced for this transaction only).
 */
export async function explainAnalyze(url: string, plan: Statement, generic: boolean): Promise<string> {
  const rows = await onSession(url, async (sql) =>
    sql.begin(async (tx) => {
      if (!generic) return tx.unsafe(`explain (analyze, buffers) ${plan.query}`, bound(plan.params));
      await tx.unsafe('set local plan_cache_mode = force_generic_plan');
      await tx.unsafe(`prepare scale_probe as ${plan.query}`);
      return tx.unsafe(`explain (analyze, buffers) ${executeProbe(plan.params)}`);
    }),
  );
  const lines = (rows as unknown as { 'QUERY PLAN': string }[]).map((r) => r['QUERY PLAN']);
  return `${generic ? 'generic plan (what the server runs after its first calls):' : 'plan for these parameters:'}\n${lines.join('\n')}`;
}

async function onSession<T>(url: string, work: (sql: postgres.Sql) => Promise<T>): Promise<T> {
  const sql = postgres(url, { max: 1, onnotice: () => undefined });
  try {
    return await work(sql);
  } finally {
    await sql.end({ timeout: 5 });
  }
}
