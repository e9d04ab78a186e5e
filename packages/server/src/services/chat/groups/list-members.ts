import { and, asc, conversationMembers, eq, not, sql, users, type Database } from '@rapport/db';
import { blocks } from '../../../domain/blocks';
import type { Actor } from '../../../domain/sessions';
import { decodeCursor, pastPosition, timeIdCursor, toPage, type Page } from '../../../pagination';
import type { ListMembersInput, MemberView } from '../../../schemas/chat/conversations';
import { isMemberOf, loadMembership } from '../access';

/**
 * One page of a conversation's members, in the order they joined (the user
 * id breaks ties: a group's first members join at one instant). The viewer's
 * own membership is a condition of the same query, so a stranger gets
 * nothing; only an empty page needs a second look, to tell a stranger
 * (NOT_FOUND) from a finished list. A member who blocks the viewer is not
 * listed to them: to the blocked, a blocker is not found anywhere.
 */
export async function listMembers(db: Database, actor: Actor, input: ListMembersInput): Promise<Page<MemberView>> {
  const viewerId = actor.userId;
  const viewer = isMemberOf(sql`${input.conversationId}`, viewerId);
  const filters = [eq(conversationMembers.conversationId, input.conversationId), viewer, not(blocks(conversationMembers.userId, viewerId))];
  if (input.cursor !== undefined) {
    const [at, userId] = decodeCursor(input.cursor, timeIdCursor);
    filters.push(pastPosition([conversationMembers.joinedAt, conversationMembers.userId], [at, userId], 'asc'));
  }
  const rows = await db
    .select({
      userId: conversationMembers.userId,
      name: users.name,
      avatarUrl: users.avatarUrl,
      role: conversationMembers.role,
      joinedAt: conversationMembers.joinedAt,
      lastReadSeq: conversationMembers.lastReadSeq,
      lastReadAt: conversationMembers.lastReadAt,
    })
    .from(conversationMembers)
    .innerJoin(users, eq(users.id, conversationMembers.userId))
    .where(and(...filters))
    .orderBy(asc(conversationMembers.joinedAt), asc(conversationMembers.userId))
    .limit(input.limit + 1);
  if (rows.length === 0) await loadMembership(db, input.conversationId, viewerId);
  return toPage(
    rows,
    input.limit,
    (r) => [r.joinedAt.toISOString(), r.userId],
    (r) => ({ ...r, joinedAt: r.joinedAt.toISOString(), lastReadAt: r.lastReadAt?.toISOString() ?? null }),
  );
}
