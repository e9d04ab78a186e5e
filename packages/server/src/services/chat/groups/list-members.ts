import { and, asc, conversationMembers, eq, not, sql, users, type Executor } from '@rapport/db';
import { blocks } from '../../blocks';
import { z } from 'zod';
import { decodeCursor, pastPosition, timeIdCursor, toPage, type Page } from '../../../pagination';
import { memberRoleOutput } from '../../../schemas/chat';
import { loadMembership } from '../access';

/** A member as the others see them; lastReadSeq is how far they have read ("seen by"). */
export const memberView = z.object({
  userId: z.uuid(),
  name: z.string(),
  avatarUrl: z.string().nullable(),
  role: memberRoleOutput,
  joinedAt: z.iso.datetime(),
  lastReadSeq: z.number().int(),
  lastReadAt: z.iso.datetime().nullable(),
});
export type MemberView = z.infer<typeof memberView>;

export interface ListMembersInput {
  conversationId: string;
  cursor?: string | undefined;
  limit: number;
}

/**
 * One page of a conversation's members, in the order they joined (the user
 * id breaks ties: a group's first members join at one instant). The viewer's
 * own membership is a condition of the same query, so a stranger gets
 * nothing; only an empty page needs a second look, to tell a stranger
 * (NOT_FOUND) from a finished list. A member who blocks the viewer is not
 * listed to them: to the blocked, a blocker is not found anywhere.
 */
export async function listMembers(db: Executor, viewerId: string, input: ListMembersInput): Promise<Page<MemberView>> {
  const viewer = sql`exists (select 1 from conversation_members v where v.conversation_id = ${input.conversationId} and v.user_id = ${viewerId})`;
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
