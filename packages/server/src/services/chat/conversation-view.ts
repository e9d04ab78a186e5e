import { sql, type Database, type Executor, type SQL } from '@rapport/db';
import { z } from 'zod';
import { blocks } from '../../domain/blocks';
import { messageJson } from '../../domain/messages';
import type { Actor } from '../../domain/sessions';
import { selectRows } from '../../domain/sql-rows';
import { notFound } from '../../errors';
import { LIMITS } from '../../limits';
import { decodeCursor, pastPosition, timeIdCursor, toPage, type Page } from '../../pagination';
import {
  conversationView,
  memberPreview,
  type ConversationIdInput,
  type ConversationView,
  type ListConversationsInput,
} from '../../schemas/chat/conversations';
import { messageView } from '../../schemas/chat/messages';

const row = z.object({
  id: z.string(),
  kind: z.enum(['direct', 'group']),
  title: z.string().nullable(),
  description: z.string().nullable(),
  created_at: z.coerce.date(),
  last_activity_at: z.coerce.date(),
  last_seq: z.coerce.number(),
  member_count: z.coerce.number(),
  role: z.enum(['owner', 'admin', 'member']),
  last_read_seq: z.coerce.number(),
  muted_now: z.boolean(),
  muted_until: z.coerce.date().nullable(),
  archived_at: z.coerce.date().nullable(),
  last_message: messageView.nullable(),
  members: z.array(memberPreview),
});

/**
 * Conversations as one member sees them. The unread count is last_seq minus
 * the member's read watermark: no count over messages, however long the history.
 */
function selectConversations(viewerId: string, where: SQL, tail: SQL): SQL {
  return sql`select c.id, c.kind, c.title, c.description, c.created_at, cm.last_activity_at, c.last_seq, c.member_count,
      cm.role, cm.last_read_seq, cm.archived_at,
      (cm.muted and (cm.muted_until is null or cm.muted_until > now())) as muted_now,
      case when cm.muted and cm.muted_until > now() then cm.muted_until end as muted_until,
      (select ${messageJson('m')} from messages m where m.conversation_id = c.id and m.seq = c.last_seq) as last_message,
      (select coalesce(jsonb_agg(jsonb_build_object('userId', u.id, 'name', u.name, 'avatarUrl', u.avatar_url, 'role', p.role)
          order by p.rank), '[]'::jsonb)
        from (
          select pm.user_id, pm.role,
            row_number() over (order by pm.user_id = ${viewerId}, pm.role = 'owner' desc, pm.joined_at, pm.user_id) as rank
          from conversation_members pm where pm.conversation_id = c.id and not ${blocks(sql`pm.user_id`, viewerId)}
          order by rank limit ${LIMITS.membersPreview}
        ) p join users u on u.id = p.user_id) as members
    from conversation_members cm
    join conversations c on c.id = cm.conversation_id
    where cm.user_id = ${viewerId} and ${where}
    ${tail}`;
}

function toView(r: z.infer<typeof row>): ConversationView {
  return conversationView.parse({
    id: r.id,
    kind: r.kind,
    title: r.title,
    description: r.description,
    createdAt: r.created_at.toISOString(),
    lastActivityAt: r.last_activity_at.toISOString(),
    lastSeq: r.last_seq,
    memberCount: r.member_count,
    myRole: r.role,
    lastReadSeq: r.last_read_seq,
    unreadCount: Math.max(0, r.last_seq - r.last_read_seq),
    muted: r.muted_now,
    mutedUntil: r.muted_until?.toISOString() ?? null,
    archived: r.archived_at !== null,
    lastMessage: r.last_message,
    members: r.members,
  });
}

/** One conversation the actor belongs to; NOT_FOUND for anyone else. */
export function getConversation(db: Database, actor: Actor, input: ConversationIdInput): Promise<ConversationView> {
  return conversationFor(db, input.conversationId, actor.userId);
}

/** A conversation as this member sees it, after a write or for a read; NOT_FOUND for anyone else. */
export async function conversationFor(db: Executor, conversationId: string, viewerId: string): Promise<ConversationView> {
  const [found] = await selectRows(db, selectConversations(viewerId, sql`c.id = ${conversationId}`, sql``), row);
  if (!found) throw notFound('Conversation');
  return toView(found);
}

/**
 * The actor's conversations, latest activity first, keyset-paginated. The
 * order is the member row's copy of the latest activity, so the page is read
 * in order from conversation_members_inbox_idx (or _archive_idx) and costs
 * what it returns, however many conversations the actor is in.
 */
export async function listConversations(db: Database, actor: Actor, input: ListConversationsInput): Promise<Page<ConversationView>> {
  const viewerId = actor.userId;
  const filters = [input.archived ? sql`cm.archived_at is not null` : sql`cm.archived_at is null`];
  if (input.cursor) {
    const [at, id] = decodeCursor(input.cursor, timeIdCursor);
    filters.push(pastPosition([sql`cm.last_activity_at`, sql`cm.conversation_id`], [at, id], 'desc'));
  }
  const rows = await selectRows(
    db,
    selectConversations(viewerId, sql.join(filters, sql` and `), sql`order by cm.last_activity_at desc, cm.conversation_id desc limit ${input.limit + 1}`),
    row,
  );
  return toPage(rows, input.limit, (r) => [r.last_activity_at.toISOString(), r.id], toView);
}
