import { and, connectionCounts, eq, not, users, type Database } from '@rapport/db';
import { blockedEitherWay } from '../../domain/blocks';
import type { Actor } from '../../domain/sessions';
import { notFound } from '../../errors';
import type { ConnectionStats, ConnectionStatsInput } from '../../schemas/connection';

/**
 * Public counts for anyone visible to the actor; pending and blocked counts
 * only for oneself. One row read, however many connections the user has: the
 * counts are kept by a trigger in each change's own transaction
 * (docs/ARCHITECTURE.md, "Read paths").
 */
export async function getConnectionStats(db: Database, actor: Actor, input: ConnectionStatsInput): Promise<ConnectionStats> {
  const subject = input.userId ?? actor.userId;
  const own = subject === actor.userId;
  const [row] = await db
    .select({ counts: connectionCounts })
    .from(users)
    .leftJoin(connectionCounts, eq(connectionCounts.userId, users.id))
    .where(and(eq(users.id, subject), own ? undefined : not(blockedEitherWay(users.id, actor.userId))));
  if (!row) throw notFound('User');
  // No counts row yet: a user nobody has connected with.
  const counts = row.counts ?? { followers: 0, following: 0, friends: 0, pendingReceived: 0, pendingSent: 0, blocked: 0 };
  return {
    followers: counts.followers,
    following: counts.following,
    friends: counts.friends,
    pendingReceived: own ? counts.pendingReceived : null,
    pendingSent: own ? counts.pendingSent : null,
    blocked: own ? counts.blocked : null,
  };
}
