import { sql } from 'drizzle-orm';
import {
  type AnyPgColumn,
  bigint,
  boolean,
  check,
  date,
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
import type { AttachmentData } from './chat';
import { createdAt, id, updatedAt } from './columns';
import { users } from './users';

// The seed's four (XelaConnect): circles are browsed by these.
export const circleCategory = pgEnum('circle_category', ['Wellness', 'Fitness', 'Creative', 'Social']);
export const circleRole = pgEnum('circle_role', ['owner', 'moderator', 'member']);

export const circles = pgTable(
  'circles',
  {
    id: id(),
    name: text().notNull(),
    category: circleCategory().notNull(),
    description: text().notNull().default(''),
    imageUrl: text(),
    // #rrggbb
    color: text().notNull(),
    createdBy: uuid().references(() => users.id, { onDelete: 'set null' }),
    // The creator's idempotency key: a retried create finds the first circle.
    clientKey: text(),
    // Kept by a trigger on circle_members in the same transaction as every
    // join and leave (migration 0011_community): exact, and one row to read
    // however many members there are.
    memberCount: integer().notNull().default(0),
    postCount: integer().notNull().default(0),
    lastPostAt: timestamp({ withTimezone: true, precision: 3 }),
    archivedAt: timestamp({ withTimezone: true, precision: 3 }),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex('circles_creator_client_key').on(t.createdBy, t.clientKey),
    check('circles_counts_nonnegative', sql`${t.memberCount} >= 0 and ${t.postCount} >= 0`),
    check('circles_color_hex', sql`${t.color} ~ '^#[0-9a-f]{6}$'`),
    // Browsing: by name within a category, or across all, live circles only.
    index('circles_category_name_idx').on(t.category, sql`lower(${t.name})`, t.id).where(sql`${t.archivedAt} is null`),
    index('circles_name_idx').on(sql`lower(${t.name})`, t.id).where(sql`${t.archivedAt} is null`),
    index('circles_name_trgm_idx').using('gin', sql`lower(${t.name}) gin_trgm_ops`),
    // The most joined live circles of a category, for a circle suggestion.
    index('circles_category_popular_idx').on(t.category, t.memberCount.desc(), t.id).where(sql`${t.archivedAt} is null`),
  ],
);

export const circleMembers = pgTable(
  'circle_members',
  {
    circleId: uuid()
      .notNull()
      .references(() => circles.id, { onDelete: 'cascade' }),
    userId: uuid()
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    role: circleRole().notNull().default('member'),
    joinedAt: createdAt(),
  },
  (t) => [
    primaryKey({ columns: [t.circleId, t.userId] }),
    // A user's circles, newest first; the members list, newest first.
    index('circle_members_user_idx').on(t.userId, t.joinedAt, t.circleId),
    index('circle_members_circle_idx').on(t.circleId, t.joinedAt, t.userId),
    // The members of one role, newest first: a circle's few moderators are
    // found without walking its 100,000 members.
    index('circle_members_role_idx').on(t.circleId, t.role, t.joinedAt, t.userId),
    // At most one owner per circle.
    uniqueIndex('circle_members_one_owner').on(t.circleId).where(sql`${t.role} = 'owner'`),
  ],
);

export const circlePosts = pgTable(
  'circle_posts',
  {
    id: id(),
    circleId: uuid()
      .notNull()
      .references(() => circles.id, { onDelete: 'cascade' }),
    authorId: uuid().references(() => users.id, { onDelete: 'set null' }),
    // A reply names a top-level post of the same circle; replies do not nest.
    parentId: uuid().references((): AnyPgColumn => circlePosts.id, { onDelete: 'cascade' }),
    body: text(),
    attachments: jsonb().$type<AttachmentData[]>().notNull().default([]),
    // Users named in the post (they are notified once, when it is written).
    mentions: uuid().array().notNull().default(sql`'{}'::uuid[]`),
    // The author's idempotency key: a retried post finds the first one.
    clientKey: text(),
    replyCount: integer().notNull().default(0),
    // { emoji: count }, kept by a trigger on circle_post_reactions: a feed
    // page reads its posts' counts without reading every reaction.
    reactionCounts: jsonb().$type<Record<string, number>>().notNull().default({}),
    editedAt: timestamp({ withTimezone: true, precision: 3 }),
    deletedAt: timestamp({ withTimezone: true, precision: 3 }),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex('circle_posts_author_client_key').on(t.authorId, t.clientKey),
    check('circle_posts_reply_count_nonnegative', sql`${t.replyCount} >= 0`),
    // The feed (top-level posts, newest first) and a post's replies (oldest first).
    index('circle_posts_feed_idx').on(t.circleId, t.createdAt, t.id).where(sql`${t.parentId} is null and ${t.deletedAt} is null`),
    index('circle_posts_replies_idx').on(t.parentId, t.createdAt, t.id).where(sql`${t.parentId} is not null and ${t.deletedAt} is null`),
    index('circle_posts_author_idx').on(t.authorId),
  ],
);

export const circlePostReactions = pgTable(
  'circle_post_reactions',
  {
    postId: uuid()
      .notNull()
      .references(() => circlePosts.id, { onDelete: 'cascade' }),
    userId: uuid()
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    emoji: text().notNull(),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.postId, t.userId, t.emoji] }), index('circle_post_reactions_user_idx').on(t.userId)],
);

// What a notification is about. The next issue (courses, referrals) adds its own.
export const notificationType = pgEnum('notification_type', [
  'friend_request',
  'friend_accepted',
  'invitation_received',
  'invitation_answered',
  'session_request_received',
  'session_request_answered',
  'removed_from_group',
  'waitlist_promoted',
  'post_reply',
  'post_reaction',
  'mention',
  'circle_suggestion',
]);
export const notificationPriority = pgEnum('notification_priority', ['high', 'medium', 'low']);

export const notifications = pgTable(
  'notifications',
  {
    id: id(),
    userId: uuid()
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    type: notificationType().notNull(),
    priority: notificationPriority().notNull(),
    title: text().notNull(),
    description: text().notNull(),
    actionText: text().notNull(),
    // Where the app goes when it is acted on, e.g. /community/circles/<id>.
    link: text().notNull(),
    // Repeated causes share a key ("post_reaction:<postId>"): while the
    // notification is unread, the next one updates it instead of adding a row.
    groupKey: text(),
    // The most recent actors (a few, newest first) and how many there were.
    actorIds: uuid().array().notNull().default(sql`'{}'::uuid[]`),
    actorCount: integer().notNull().default(1),
    readAt: timestamp({ withTimezone: true, precision: 3 }),
    createdAt: createdAt(),
    // Moves when a repeat is grouped in: the list is newest-updated first.
    updatedAt: updatedAt(),
  },
  (t) => [
    index('notifications_user_idx').on(t.userId, t.updatedAt, t.id),
    // The unread only, in the list's order: `list({ unreadOnly })` reads a page
    // of it and markAllRead reads exactly the unread.
    index('notifications_unread_idx').on(t.userId, t.updatedAt, t.id).where(sql`${t.readAt} is null`),
    uniqueIndex('notifications_unread_group_key').on(t.userId, t.groupKey).where(sql`${t.readAt} is null and ${t.groupKey} is not null`),
    check('notifications_actor_count_positive', sql`${t.actorCount} >= 1`),
  ],
);

// Each user's unread count, kept by a trigger on notifications in the same
// transaction as every change: O(1) to read, the same on every device.
export const notificationCounts = pgTable(
  'notification_counts',
  {
    userId: uuid()
      .primaryKey()
      .references(() => users.id, { onDelete: 'cascade' }),
    unread: integer().notNull().default(0),
    // Moves with every change of `unread`, under the row's lock: events of
    // racing transactions can arrive in another order than their counts were
    // made, so a device keeps the count with the highest version.
    version: bigint({ mode: 'number' }).notNull().default(0),
  },
  (t) => [check('notification_counts_nonnegative', sql`${t.unread} >= 0`)],
);

export const notificationPreferences = pgTable(
  'notification_preferences',
  {
    userId: uuid()
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    type: notificationType().notNull(),
    muted: boolean().notNull().default(true),
    updatedAt: updatedAt(),
  },
  (t) => [primaryKey({ columns: [t.userId, t.type] })],
);

// The dashboard's streak: consecutive days active in the user's time zone.
export const userStreaks = pgTable(
  'user_streaks',
  {
    userId: uuid()
      .primaryKey()
      .references(() => users.id, { onDelete: 'cascade' }),
    lastActiveDay: date({ mode: 'string' }).notNull(),
    current: integer().notNull().default(1),
    longest: integer().notNull().default(1),
  },
  (t) => [check('user_streaks_positive', sql`${t.current} >= 1 and ${t.longest} >= ${t.current}`)],
);
