import { sql, type Executor } from '@rapport/db';
import { z } from 'zod';
import { selectRows } from '../../../domain/sql-rows';
import { AppError, notFound } from '../../../errors';
import { memberRoleOutput } from '../../../schemas/chat/conversations';
import { messageKindOutput } from '../../../schemas/chat/messages';
import { directNotBlocked } from '../access';

const accessRow = z.object({
  conversation_id: z.string(),
  sender_id: z.string().nullable(),
  kind: messageKindOutput,
  deleted: z.boolean(),
  conversation_kind: z.enum(['direct', 'group']),
  role: memberRoleOutput,
  blocked: z.boolean(),
});

export interface MessageAccess {
  conversationId: string;
  senderId: string | null;
  kind: z.infer<typeof messageKindOutput>;
  deleted: boolean;
  conversationKind: 'direct' | 'group';
  role: z.infer<typeof memberRoleOutput>;
  /** A direct conversation whose two people block each other, either way. */
  blocked: boolean;
}

/**
 * What a member may do with a message, read in one query that joins the
 * actor's membership: a stranger gets NOT_FOUND whether or not the message
 * exists (docs/ARCHITECTURE.md, "Invariants"). Writes use their own guarded statement; this
 * explains, afterwards, why a guard refused.
 */
export async function messageAccess(db: Executor, messageId: string, userId: string): Promise<MessageAccess> {
  const [row] = await selectRows(
    db,
    sql`select m.conversation_id, m.sender_id, m.kind, m.deleted_at is not null as deleted, c.kind as conversation_kind, cm.role,
        not ${directNotBlocked} as blocked
      from messages m
      join conversations c on c.id = m.conversation_id
      join conversation_members cm on cm.conversation_id = c.id and cm.user_id = ${userId}
      where m.id = ${messageId}`,
    accessRow,
  );
  if (!row) throw notFound('Message');
  return {
    conversationId: row.conversation_id,
    senderId: row.sender_id,
    kind: row.kind,
    deleted: row.deleted,
    conversationKind: row.conversation_kind,
    role: row.role,
    blocked: row.blocked,
  };
}

/** The refusal for an action in a direct conversation closed by a block. */
export const closedByBlock = (action: string) =>
  new AppError('FORBIDDEN', `You cannot ${action} in this conversation: one of you has blocked the other.`);

/** The guard refused for a reason that has since gone away (a concurrent change): the caller can simply retry. */
export const changedMeanwhile = () => new AppError('CONFLICT', 'The message changed while you were acting on it. Try again.');
