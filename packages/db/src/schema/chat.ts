import { sql } from 'drizzle-orm';
import {
  type AnyPgColumn,
  bigint,
  boolean,
  check,
  customType,
  index,
  integer,
  jsonb,
  pgEnum,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { createdAt, id, updatedAt } from './columns';
import { users } from './users';

export const conversationKind = pgEnum('conversation_kind', ['direct', 'group']);
export const memberRole = pgEnum('member_role', ['owner', 'admin', 'member']);
export const messageKind = pgEnum('message_kind', ['text', 'image', 'file', 'location', 'system', 'session_request', 'invitation']);
export const reportReason = pgEnum('report_reason', ['spam', 'harassment', 'hate', 'violence', 'sexual', 'self_harm', 'other']);

const tsvector = customType<{ data: string }>({ dataType: () => 'tsvector' });

export interface AttachmentData {
  url: string;
  name: string;
  size: number;
  mimeType: string;
  width?: number | undefined;
  height?: number | undefined;
}

export interface LocationData {
  latitude: number;
  longitude: number;
  label?: string | undefined;
}

export const conversations = pgTable(
  'conversations',
  {
    id: id(),
    kind: conversationKind().notNull(),
    title: text(),
    description: text(),
    // A direct conversation's two users, lowest id first: the unique index
    // below makes "one conversation per pair" a database fact, and the block
    // check on send reads them without joining the members.
    directLowId: uuid().references(() => users.id, { onDelete: 'cascade' }),
    directHighId: uuid().references(() => users.id, { onDelete: 'cascade' }),
    createdBy: uuid().references(() => users.id, { onDelete: 'set null' }),
    // The creator's idempotency key: a retried createGroup finds the first group.
    clientKey: text(),
    // Messages are numbered per conversation by bumping this under the row
    // lock in the same statement that inserts the message: positions are
    // dense, ordered and cheap to page, unread = last_seq - last_read_seq, and
    // the last message is the one at (id, last_seq).
    lastSeq: bigint({ mode: 'number' }).notNull().default(0),
    memberCount: integer().notNull().default(0),
    lastActivityAt: timestamp({ withTimezone: true, precision: 3 }).notNull().defaultNow(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex('conversations_creator_client_key').on(t.createdBy, t.clientKey),
    // The group size cap (LIMITS.groupMembers in the server), held by the
    // database too: services check it under the conversation lock to give
    // the friendly error, this stops anything that slips past.
    check('conversations_member_cap', sql`${t.memberCount} between 0 and 256`),
    uniqueIndex('conversations_direct_pair_key').on(t.directLowId, t.directHighId).where(sql`${t.kind} = 'direct'`),
    check(
      'conversations_direct_shape',
      sql`(${t.kind} = 'direct') = (${t.directLowId} is not null and ${t.directHighId} is not null and ${t.directLowId} < ${t.directHighId})`,
    ),
  ],
);

export const conversationMembers = pgTable(
  'conversation_members',
  {
    conversationId: uuid()
      .notNull()
      .references(() => conversations.id, { onDelete: 'cascade' }),
    userId: uuid()
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    role: memberRole().notNull().default('member'),
    // The read watermark only moves forward (greatest() in the update).
    lastReadSeq: bigint({ mode: 'number' }).notNull().default(0),
    lastReadAt: timestamp({ withTimezone: true, precision: 3 }),
    muted: boolean().notNull().default(false),
    mutedUntil: timestamp({ withTimezone: true, precision: 3 }),
    archivedAt: timestamp({ withTimezone: true, precision: 3 }),
    joinedAt: createdAt(),
    // The conversation's last_activity_at, copied onto each member row by the
    // send that moves it: a user's conversation list is then one index scan
    // in latest-activity order, not a sort of every membership.
    lastActivityAt: timestamp({ withTimezone: true, precision: 3 }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.conversationId, t.userId] }),
    index('conversation_members_user_idx').on(t.userId),
    index('conversation_members_inbox_idx').on(t.userId, t.lastActivityAt, t.conversationId).where(sql`${t.archivedAt} is null`),
    index('conversation_members_archive_idx').on(t.userId, t.lastActivityAt, t.conversationId).where(sql`${t.archivedAt} is not null`),
    // At most one owner per group: ownership moves by one update.
    uniqueIndex('conversation_members_one_owner').on(t.conversationId).where(sql`${t.role} = 'owner'`),
    check('conversation_members_read_nonnegative', sql`${t.lastReadSeq} >= 0`),
  ],
);

export const messages = pgTable(
  'messages',
  {
    id: id(),
    conversationId: uuid()
      .notNull()
      .references(() => conversations.id, { onDelete: 'cascade' }),
    seq: bigint({ mode: 'number' }).notNull(),
    senderId: uuid().references(() => users.id, { onDelete: 'set null' }),
    kind: messageKind().notNull(),
    body: text(),
    attachments: jsonb().$type<AttachmentData[]>().notNull().default([]),
    location: jsonb().$type<LocationData>(),
    metadata: jsonb().$type<Record<string, unknown>>(),
    // A reply names a message of the same conversation (the send checks
    // that). Messages are tombstoned, not deleted, so the referenced row
    // outlives the reply; set null covers the one way a message does go, a
    // deleted conversation or user cascading over it and its replies.
    // The explicit type breaks the self-reference's circular inference.
    replyToId: uuid().references((): AnyPgColumn => messages.id, { onDelete: 'set null' }),
    // The sender's idempotency key: a retried send finds the first message.
    clientKey: text(),
    editedAt: timestamp({ withTimezone: true, precision: 3 }),
    deletedAt: timestamp({ withTimezone: true, precision: 3 }),
    createdAt: createdAt(),
    // 'simple' rather than a language: a social app's messages come in every
    // language, and stemming one would garble the others.
    searchVector: tsvector().generatedAlwaysAs(sql`to_tsvector('simple', coalesce(body, ''))`),
  },
  (t) => [
    uniqueIndex('messages_conversation_seq_key').on(t.conversationId, t.seq),
    uniqueIndex('messages_sender_client_key').on(t.senderId, t.clientKey),
    index('messages_search_idx').using('gin', t.searchVector),
    // What the reply_to_id foreign key looks up for every message deleted
    // (a conversation's whole history when it goes); most messages are no
    // reply, so only replies are indexed.
    index('messages_reply_to_idx')
      .on(t.replyToId)
      .where(sql`${t.replyToId} is not null`),
  ],
);

export const messageReactions = pgTable(
  'message_reactions',
  {
    messageId: uuid()
      .notNull()
      .references(() => messages.id, { onDelete: 'cascade' }),
    userId: uuid()
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    emoji: text().notNull(),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.messageId, t.userId, t.emoji] })],
);

export const messageReports = pgTable(
  'message_reports',
  {
    id: id(),
    messageId: uuid()
      .notNull()
      .references(() => messages.id, { onDelete: 'cascade' }),
    reporterId: uuid()
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    reason: reportReason().notNull(),
    details: text(),
    // What the message said when reported: a later edit or delete must not
    // erase the evidence a moderator needs.
    bodySnapshot: text(),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex('message_reports_once_key').on(t.messageId, t.reporterId)],
);
