import type { Transaction } from '@rapport/db';
import { lockKey } from '../../advisory-lock';

/**
 * Serialises every change to the link between two users, whichever side
 * makes it, so a read-then-write (a retry, a crossing proposal) sees the
 * other's committed row. Its own namespace: connections lock the same pair
 * under another key and must not wait on this.
 */
export async function lockFamilyPair(tx: Transaction, a: string, b: string): Promise<void> {
  const [low, high] = a < b ? [a, b] : [b, a];
  await lockKey(tx, `family:${low}:${high}`);
}

/**
 * Serialises new links of one parent and of one child, so the caps hold when
 * links to different people race. Always taken after the pair lock and parent
 * before child: one order everywhere, so two links cannot deadlock.
 */
export async function lockFamilySides(tx: Transaction, parentId: string, childId: string): Promise<void> {
  await lockKey(tx, `family-parent:${parentId}`);
  await lockKey(tx, `family-child:${childId}`);
}
