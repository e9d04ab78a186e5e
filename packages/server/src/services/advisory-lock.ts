import { sql, type Transaction } from '@rapport/db';

/**
 * Holds a named lock until the transaction ends. For rules that span rows
 * (a cap, "one pending per pair"), where a row lock has no row to take.
 * Keys are namespaced ("connections:…", "family:…") so unrelated rules never
 * wait on each other.
 */
export async function lockKey(tx: Transaction, key: string): Promise<void> {
  await tx.execute(sql`select pg_advisory_xact_lock(hashtextextended(${key}, 0))`);
}
