import { sql, type Executor } from '@rapport/db';
import { z } from 'zod';
import { blockedEitherWay } from '../domain/blocks';
import { postJson } from '../domain/circle-posts';
import {
  blockPayload,
  CIRCLE_MEMBERSHIP,
  INTERNAL_TYPES,
  isInternalType,
  isJoinedMessageType,
  isJoinedPostType,
  JOINS_MESSAGE,
  JOINS_POST,
  type BlockPayload,
  type InternalEventType,
} from '../domain/events/definitions';
import { messageJson } from '../domain/messages';
import { selectRows } from '../domain/sql-rows';
import { rapportEvent, type RapportEvent } from '../schemas/events';
import { laterOf, START, type Position } from './position';

/** An event read from the log, with who it is for. */
export interface LogEntry {
  position: Position;
  actorId: string | null;
  /** Members of its conversation (at read time) plus its explicit audience. */
  recipients: string[];
  /**
   * A circle whose connected members also receive it (the hub knows who
   * they are: no member list is read per event); null for membership
   * changes, which go to their audience only.
   */
  circleId: string | null;
  /** What subscribers receive; null for internal events and vanished messages or posts. */
  event: RapportEvent | null;
  block: { type: InternalEventType; payload: BlockPayload } | null;
  /** A join or leave: the hub moves the member in its circle index, in log order. */
  membership: CircleMembership | null;
}

export interface CircleMembership {
  type: (typeof CIRCLE_MEMBERSHIP)[number];
  circleId: string;
  userId: string;
}

const isMembershipType = (type: string): type is CircleMembership['type'] => (CIRCLE_MEMBERSHIP as readonly string[]).includes(type);

const row = z.object({
  id: z.coerce.number(),
  xid: z.string(),
  type: z.string(),
  conversation_id: z.string().nullable(),
  circle_id: z.string().nullable(),
  audience: z.array(z.string()),
  actor_id: z.string().nullable(),
  payload: z.record(z.string(), z.unknown()),
  at: z.string(),
  members: z.array(z.string()),
  message: z.unknown(),
  post: z.unknown(),
});

// Everything below the oldest transaction still running has finished: a
// reader that stays below it never steps past a write that may yet commit.
const WATERMARK = sql`pg_snapshot_xmin(pg_current_snapshot())`;

const typeIn = (types: readonly string[]) => sql`e.type in (${sql.join(
  types.map((type) => sql`${type}`),
  sql`, `,
)})`;

const after = (p: Position) => sql`(e.xid, e.id) > (${p.xid.toString()}::xid8, ${p.id})`;

export interface ReadOptions {
  after: Position;
  /** Inclusive upper bound (the tailer's position when a resume began). */
  upTo?: Position;
  /** Only what this user may receive, judged by current membership and blocks. */
  forUser?: string;
  limit: number;
}

/** Reads committed events in commit-safe order. Run it outside any write transaction. */
export async function readLog(db: Executor, options: ReadOptions): Promise<LogEntry[]> {
  const { forUser } = options;
  const filters = [after(options.after), sql`e.xid < ${WATERMARK}`];
  if (options.upTo) filters.push(sql`(e.xid, e.id) <= (${options.upTo.xid.toString()}::xid8, ${options.upTo.id})`);
  if (forUser !== undefined) {
    filters.push(sql`not ${typeIn(INTERNAL_TYPES)}`);
    // A circle's events by the user's circles now (an index-only read of
    // circle_members_user_idx), as conversations go by current membership.
    filters.push(sql`(e.conversation_id in (select cm.conversation_id from conversation_members cm where cm.user_id = ${forUser})
      or ${forUser} = any(e.audience)
      or (e.circle_id in (select ccm.circle_id from circle_members ccm where ccm.user_id = ${forUser}) and not ${typeIn(CIRCLE_MEMBERSHIP)}))`);
    filters.push(sql`(e.actor_id is null or e.actor_id = ${forUser} or not ${blockedEitherWay(sql`e.actor_id`, forUser)})`);
  }
  const members =
    forUser === undefined
      ? sql`case when e.conversation_id is null then '{}'::uuid[]
          else array(select cm.user_id from conversation_members cm where cm.conversation_id = e.conversation_id) end`
      : sql`'{}'::uuid[]`;
  const rows = await selectRows(
    db,
    sql`select e.id, e.xid::text as xid, e.type, e.conversation_id, e.circle_id, e.audience, e.actor_id, e.payload,
        to_char(e.created_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') as at,
        ${members} as members,
        case when m.id is null then null else ${messageJson('m')} end as message,
        case when p.id is null then null else ${postJson('p', null)} end as post
      from events e
      left join messages m on ${typeIn(JOINS_MESSAGE)} and m.id = (e.payload->>'messageId')::uuid
      left join circle_posts p on ${typeIn(JOINS_POST)} and p.id = (e.payload->>'postId')::uuid and p.deleted_at is null
      where ${sql.join(filters, sql` and `)}
      order by e.xid, e.id
      limit ${options.limit}`,
    row,
  );
  return rows.map(toEntry);
}

function toEntry(r: z.infer<typeof row>): LogEntry {
  const position = { xid: BigInt(r.xid), id: r.id };
  const recipients = r.audience.length === 0 ? r.members : [...new Set([...r.members, ...r.audience])];
  const membership = isMembershipType(r.type) ? toMembership(r.type, r.circle_id, r.payload) : null;
  const base = { position, actorId: r.actor_id, recipients, circleId: membership === null ? r.circle_id : null, membership };
  if (isInternalType(r.type)) {
    return { ...base, event: null, block: { type: r.type, payload: blockPayload.parse(r.payload) } };
  }
  const isMessage = isJoinedMessageType(r.type);
  const isPost = isJoinedPostType(r.type);
  if ((isMessage && r.message === null) || (isPost && r.post === null)) return { ...base, event: null, block: null };
  const envelope = { ...r.payload, type: r.type, at: r.at, conversationId: r.conversation_id ?? undefined, circleId: r.circle_id ?? undefined };
  const parsed = rapportEvent.safeParse(isMessage ? { ...envelope, message: r.message } : isPost ? { ...envelope, post: r.post } : envelope);
  return { ...base, event: parsed.success ? parsed.data : null, block: null };
}

const membershipPayload = z.object({ userId: z.uuid() });

function toMembership(type: CircleMembership['type'], circleId: string | null, payload: unknown): CircleMembership | null {
  const parsed = membershipPayload.safeParse(payload);
  return circleId === null || !parsed.success ? null : { type, circleId, userId: parsed.data.userId };
}

const headRow = z.object({ xid: z.string().nullable(), id: z.coerce.number().nullable() });

const toPosition = (xid: string | null, id: number | null): Position => (xid !== null && id !== null ? { xid: BigInt(xid), id } : START);

const boundsRow = z.object({
  head_xid: z.string().nullable(),
  head_id: z.coerce.number().nullable(),
  pruned_xid: z.string().nullable(),
  pruned_id: z.coerce.number().nullable(),
});

export interface LogBounds {
  /** Events at or before this may have been pruned. */
  prunedThrough: Position;
  /** No real position lies past this: the newest event a reader may hand out, or the prune edge if that is later. */
  newest: Position;
}

/** What a resume cursor is checked against, in one round trip. */
export async function logBounds(db: Executor): Promise<LogBounds> {
  const [bounds] = await selectRows(
    db,
    sql`select h.xid::text as head_xid, h.id as head_id, s.pruned_xid::text as pruned_xid, s.pruned_id
      from (select 1) one
      left join lateral (select e.xid, e.id from events e where e.xid < ${WATERMARK} order by e.xid desc, e.id desc limit 1) h on true
      left join event_log_state s on s.id = 'log'`,
    boundsRow,
  );
  const prunedThrough = bounds ? toPosition(bounds.pruned_xid, bounds.pruned_id) : START;
  const head = bounds ? toPosition(bounds.head_xid, bounds.head_id) : START;
  return { prunedThrough, newest: laterOf(head, prunedThrough) };
}

const pendingRow = z.object({ age_ms: z.coerce.number().nullable() });

/**
 * How long the oldest committed event past `after` has waited, or null when
 * there is none. Read right after the tailer caught up to the watermark, a
 * number means events are held back by a transaction still open elsewhere.
 */
export async function oldestPendingAgeMs(db: Executor, after: Position): Promise<number | null> {
  const [row] = await selectRows(
    db,
    sql`select (extract(epoch from clock_timestamp() - min(e.created_at)) * 1000)::float8 as age_ms
      from events e where (e.xid, e.id) > (${after.xid.toString()}::xid8, ${after.id})`,
    pendingRow,
  );
  return row?.age_ms ?? null;
}

/**
 * Deletes events older than the retention period, a batch at a time, and
 * records how far it went so an older cursor gets `resync` instead of a gap.
 */
export async function pruneLog(db: Executor, olderThanSeconds: number, batch = 5000): Promise<number> {
  const [last] = await selectRows(
    db,
    sql`with doomed as (
        select e.xid, e.id from events e
        where e.created_at < now() - make_interval(secs => ${olderThanSeconds}) and e.xid < ${WATERMARK}
        order by e.xid, e.id limit ${batch}
      ), gone as (
        delete from events e using doomed d where e.id = d.id returning e.xid, e.id
      ), edge as (
        select xid, id from gone order by xid desc, id desc limit 1
      ), saved as (
        insert into event_log_state (id, pruned_xid, pruned_id) select 'log', xid, id from edge
        on conflict (id) do update set pruned_xid = excluded.pruned_xid, pruned_id = excluded.pruned_id
          where (event_log_state.pruned_xid, event_log_state.pruned_id) < (excluded.pruned_xid, excluded.pruned_id)
      )
      select (select count(*) from gone)::int as id, null::text as xid`,
    headRow,
  );
  return last?.id ?? 0;
}
