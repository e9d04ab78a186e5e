import { sql, type Executor, type SQL } from '@rapport/db';

// Every advisory lock the server takes, by name. Advisory, not row, locks:
// they hold a rule that spans rows (a cap, "one pending per pair", dense
// seqs) where no single row stands for it, and taking one assigns the
// transaction no id, which is what keeps the event log in lock order
// (docs/ARCHITECTURE.md, "Locks and their order").
//
// The global order. A transaction that takes more than one takes them in
// this order, and several of one kind sorted by key, so no two transactions
// ever wait on each other in a cycle:
//   1. connection pairs        connections:<low>:<high>   (lockPair, lockPairs)
//   2. a family pair           family:<low>:<high>        (lockFamilyPair)
//   3. a family's sides        family-parent:<id>, then family-child:<id>
//   4. a tutor's packages      packages:<tutorId>
//   4b. an activity's seats    activity:<id>              (lockActivity)
//   4c. a sender's invitations invitations:<senderId>     (lockInvitationsOf)
//   4d. a user's circles       circles-of:<userId>        (lockCirclesOf)
//   4e. a circle's members     circle:<id>                (lockCircle)
//   5. conversations           conversation:<id>          (lockConversation, conversationLock)
//   6. a read marker           read:<conversationId>:<userId>  (taken alone)
// Namespaces keep unrelated rules from waiting on each other: a family link
// and a connection between the same two people lock different keys.

const advisoryLock = (key: SQL) => sql`pg_advisory_xact_lock(hashtextextended(${key}, 0))`;

async function take(db: Executor, key: string): Promise<void> {
  await db.execute(sql`select ${advisoryLock(sql`${key}::text`)}`);
}

const sortedPair = (a: string, b: string) => (a < b ? `${a}:${b}` : `${b}:${a}`);

/**
 * Serialises every change to one pair of users' connections, whichever side
 * makes it: the lock a block takes, so nothing a block forbids can commit
 * between its check and its write.
 */
export function lockPair(db: Executor, a: string, b: string): Promise<void> {
  return take(db, `connections:${sortedPair(a, b)}`);
}

/** Several pairs' locks, sorted by key; a pair named twice is locked once. */
export async function lockPairs(db: Executor, pairs: readonly (readonly [string, string])[]): Promise<void> {
  const keys = [...new Set(pairs.map(([a, b]) => `connections:${sortedPair(a, b)}`))].sort();
  for (const key of keys) await take(db, key);
}

/** Serialises every change to the family link between two users. */
export function lockFamilyPair(db: Executor, a: string, b: string): Promise<void> {
  return take(db, `family:${sortedPair(a, b)}`);
}

/** Serialises new links of one parent and of one child, so the caps hold when links to different people race. */
export async function lockFamilySides(db: Executor, parentId: string, childId: string): Promise<void> {
  await take(db, `family-parent:${parentId}`);
  await take(db, `family-child:${childId}`);
}

/**
 * Serialises every change to one activity's seats and line (joins, leaves,
 * removals, promotions, capacity changes), so the seat count checked is the
 * one written, and a freed seat goes to the first in line exactly once.
 */
export function lockActivity(db: Executor, activityId: string): Promise<void> {
  return take(db, `activity:${activityId}`);
}

/** Serialises one person's new invitations, so the daily cap counts every one. */
export function lockInvitationsOf(db: Executor, senderId: string): Promise<void> {
  return take(db, `invitations:${senderId}`);
}

/**
 * Serialises what counts against one person's circle caps: joining, creating,
 * restoring or being handed a circle (LIMITS.circlesJoinedPerUser,
 * circlesOwnedPerUser), so the count checked is the count written.
 */
export function lockCirclesOf(db: Executor, userId: string): Promise<void> {
  return take(db, `circles-of:${userId}`);
}

/**
 * Serialises every change to one circle's members and roles, and to the
 * circle itself (joins, leaves, removals, role changes, update, archive):
 * a moderator demoted cannot still remove someone, a join cannot land in a
 * circle archived meanwhile, and one member's joins and leaves reach the
 * log in the order they happened. The member count itself is kept by a
 * trigger on the circle's row.
 */
export function lockCircle(db: Executor, circleId: string): Promise<void> {
  return take(db, `circle:${circleId}`);
}

/** Serialises changes to one tutor's set of active packages, so the cap holds under concurrency. */
export function lockTutorPackages(db: Executor, tutorId: string): Promise<void> {
  return take(db, `packages:${tutorId}`);
}

/**
 * The conversation lock, as an expression for a one-statement write (a CTE
 * takes it before its first write). Every write to a conversation's messages
 * or members takes it before its first write: then the order of transaction
 * ids, the event log's order, follows the order in which writers got the
 * lock, which is the order of message seqs.
 */
export const conversationLock = (conversationId: string | SQL) => advisoryLock(sql`'conversation:' || ${conversationId}::text`);

export async function lockConversation(db: Executor, conversationId: string): Promise<void> {
  await db.execute(sql`select ${conversationLock(conversationId)}`);
}

/** Several conversations' locks, in id order. */
export async function lockConversations(db: Executor, conversationIds: readonly string[]): Promise<void> {
  for (const id of [...new Set(conversationIds)].sort()) await lockConversation(db, id);
}

/** One member's read marker, as an expression for the markRead statement: its events follow the marker's moves. */
export const readMarkerLock = (conversationId: string, userId: string) =>
  advisoryLock(sql`'read:' || ${conversationId}::text || ':' || ${userId}::text`);
