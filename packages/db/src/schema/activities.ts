import { sql } from 'drizzle-orm';
import { check, doublePrecision, index, integer, pgEnum, pgTable, primaryKey, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { conversations, messages } from './chat';
import { createdAt, id, updatedAt } from './columns';
import { users } from './users';

export const activityVisibility = pgEnum('activity_visibility', ['public', 'invite_only']);
export const activityStatus = pgEnum('activity_status', ['scheduled', 'cancelled']);
export const activityMemberStatus = pgEnum('activity_member_status', ['participant', 'waitlisted']);

const instant = () => timestamp({ withTimezone: true, precision: 3 });

/**
 * A meetup someone hosts: a time, a place, a number of seats. The host holds
 * one of the seats (a participant row of their own). The seat and waitlist
 * counts are kept in the same transactions that add or remove member rows,
 * under the activity's lock, and the database refuses a count past capacity:
 * no race can seat an eleventh person at a ten-seat table.
 */
export const activities = pgTable(
  'activities',
  {
    id: id(),
    hostId: uuid()
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    title: text().notNull(),
    description: text().notNull().default(''),
    locationLabel: text().notNull(),
    latitude: doublePrecision(),
    longitude: doublePrecision(),
    startsAt: instant().notNull(),
    endsAt: instant().notNull(),
    capacity: integer().notNull(),
    participantCount: integer().notNull().default(1),
    waitlistCount: integer().notNull().default(0),
    tags: text().array().notNull().default(sql`'{}'::text[]`),
    visibility: activityVisibility().notNull().default('public'),
    status: activityStatus().notNull().default('scheduled'),
    cancelReason: text(),
    cancelledAt: instant(),
    clientKey: text(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    check('activities_time', sql`${t.endsAt} > ${t.startsAt}`),
    check('activities_capacity', sql`${t.capacity} >= 2`),
    check('activities_seats', sql`${t.participantCount} between 1 and ${t.capacity}`),
    check('activities_waitlist', sql`${t.waitlistCount} >= 0`),
    check(
      'activities_coordinates',
      sql`(${t.latitude} is null) = (${t.longitude} is null) and (${t.latitude} is null or (${t.latitude} between -90 and 90 and ${t.longitude} between -180 and 180))`,
    ),
    check('activities_cancelled', sql`(${t.status} = 'cancelled') = (${t.cancelledAt} is not null)`),
    // A create retried with the same key returns the first activity.
    uniqueIndex('activities_client_key_idx').on(t.hostId, t.clientKey).where(sql`${t.clientKey} is not null`),
    // "Hosting", upcoming or past, in start order.
    index('activities_host_idx').on(t.hostId, t.startsAt, t.id),
    // Search: public scheduled activities in start order, by tag, by words of the title, by place.
    index('activities_upcoming_idx').on(t.startsAt, t.id).where(sql`${t.status} = 'scheduled' and ${t.visibility} = 'public'`),
    index('activities_tags_idx').using('gin', t.tags),
    index('activities_title_trgm_idx').using('gin', sql`lower(${t.title}) gin_trgm_ops`),
    // activity_earth is created by the migration: ll_to_earth, made immutable
    // with a fixed search_path, so that it may be indexed.
    index('activities_place_idx')
      .using('gist', sql`activity_earth(${t.latitude}, ${t.longitude})`)
      .where(sql`${t.latitude} is not null and ${t.status} = 'scheduled' and ${t.visibility} = 'public'`),
  ],
);

/**
 * Who takes part, and who waits for a seat, in the order they came
 * (`queuedAt`, then the user id). `startsAt` is the activity's, copied so that
 * someone's activities, upcoming or past, are one index range in start order;
 * an update of the time moves it for every member in the same transaction.
 */
export const activityMembers = pgTable(
  'activity_members',
  {
    activityId: uuid()
      .notNull()
      .references(() => activities.id, { onDelete: 'cascade' }),
    userId: uuid()
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    status: activityMemberStatus().notNull(),
    startsAt: instant().notNull(),
    queuedAt: createdAt(),
    joinedAt: instant(),
  },
  (t) => [
    primaryKey({ columns: [t.activityId, t.userId] }),
    check('activity_members_joined', sql`(${t.status} = 'participant') = (${t.joinedAt} is not null)`),
    // The participants in the order they joined, and the line in the order it formed.
    index('activity_members_order_idx').on(t.activityId, t.status, t.queuedAt, t.userId),
    // My activities: joined or waitlisted, upcoming or past.
    index('activity_members_user_idx').on(t.userId, t.status, t.startsAt, t.activityId),
  ],
);

export const invitationStatus = pgEnum('invitation_status', ['pending', 'accepted', 'declined', 'cancelled', 'expired']);

/**
 * An invitation to an activity, from someone in it to someone who is not.
 * One pending invitation per person and activity, whoever sent it (the
 * partial unique index). It lapses at `expiresAt`, never later than the
 * activity's start: a pending one past it reads as expired with no job to
 * mark it, and is marked when someone tries to answer it. An accepted one
 * points at the card it posted in the two people's direct conversation.
 */
export const invitations = pgTable(
  'invitations',
  {
    id: id(),
    activityId: uuid()
      .notNull()
      .references(() => activities.id, { onDelete: 'cascade' }),
    senderId: uuid()
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    recipientId: uuid()
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    message: text().notNull().default(''),
    question: text(),
    status: invitationStatus().notNull().default('pending'),
    reason: text(),
    expiresAt: instant().notNull(),
    conversationId: uuid().references(() => conversations.id, { onDelete: 'set null' }),
    messageId: uuid().references(() => messages.id, { onDelete: 'set null' }),
    createdAt: createdAt(),
    respondedAt: instant(),
  },
  (t) => [
    check('invitations_not_self', sql`${t.senderId} <> ${t.recipientId}`),
    check('invitations_answered', sql`(${t.status} = 'pending') = (${t.respondedAt} is null)`),
    uniqueIndex('invitations_pending_idx').on(t.activityId, t.recipientId).where(sql`${t.status} = 'pending'`),
    // Sent and received, newest first, all or of one status.
    index('invitations_sender_idx').on(t.senderId, t.createdAt, t.id),
    index('invitations_recipient_idx').on(t.recipientId, t.createdAt, t.id),
    index('invitations_sender_status_idx').on(t.senderId, t.status, t.createdAt, t.id),
    index('invitations_recipient_status_idx').on(t.recipientId, t.status, t.createdAt, t.id),
    // What I am invited to, soonest to lapse first.
    index('invitations_recipient_pending_idx').on(t.recipientId, t.expiresAt, t.id).where(sql`${t.status} = 'pending'`),
    // An activity's pending invitations, ended together when it is cancelled.
    index('invitations_activity_idx').on(t.activityId).where(sql`${t.status} = 'pending'`),
    // The cascades from a deleted message or conversation find their rows.
    index('invitations_message_idx').on(t.messageId).where(sql`${t.messageId} is not null`),
    index('invitations_conversation_idx').on(t.conversationId).where(sql`${t.conversationId} is not null`),
  ],
);

/**
 * One participant's rating of another after an activity they both took part
 * in from its start. One per rater, rated person and activity (the key), and
 * never oneself (the check).
 */
export const ratings = pgTable(
  'ratings',
  {
    activityId: uuid()
      .notNull()
      .references(() => activities.id, { onDelete: 'cascade' }),
    raterId: uuid()
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    ratedId: uuid()
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    score: integer().notNull(),
    comment: text(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    primaryKey({ columns: [t.activityId, t.raterId, t.ratedId] }),
    check('ratings_score', sql`${t.score} between 1 and 5`),
    check('ratings_not_self', sql`${t.raterId} <> ${t.ratedId}`),
    // What someone was told about themselves, newest first.
    index('ratings_rated_idx').on(t.ratedId, t.createdAt, t.activityId, t.raterId),
    index('ratings_rater_idx').on(t.raterId),
  ],
);

/**
 * A user's ratings in sum, kept in the same transaction as each rating and
 * its edits: the public summary is one row, however many ratings there are.
 */
export const ratingSummaries = pgTable(
  'rating_summaries',
  {
    userId: uuid()
      .primaryKey()
      .references(() => users.id, { onDelete: 'cascade' }),
    count: integer().notNull().default(0),
    total: integer().notNull().default(0),
    ones: integer().notNull().default(0),
    twos: integer().notNull().default(0),
    threes: integer().notNull().default(0),
    fours: integer().notNull().default(0),
    fives: integer().notNull().default(0),
  },
  (t) => [
    check('rating_summaries_counts', sql`${t.count} = ${t.ones} + ${t.twos} + ${t.threes} + ${t.fours} + ${t.fives} and ${t.count} >= 0`),
    check('rating_summaries_total', sql`${t.total} = ${t.ones} + 2 * ${t.twos} + 3 * ${t.threes} + 4 * ${t.fours} + 5 * ${t.fives}`),
  ],
);

/**
 * What a user shares on their name card, beyond name, avatar and city: each
 * contact field only if they chose to fill it in.
 */
export const userCards = pgTable('user_cards', {
  userId: uuid()
    .primaryKey()
    .references(() => users.id, { onDelete: 'cascade' }),
  phone: text(),
  email: text(),
  website: text(),
  instagram: text(),
  linkedin: text(),
  updatedAt: updatedAt(),
});

/**
 * Name cards a user keeps of people they shared an activity with, and where
 * they met. One per pair and direction: collecting again keeps the first.
 */
export const collectedCards = pgTable(
  'collected_cards',
  {
    ownerId: uuid()
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    cardUserId: uuid()
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    activityId: uuid().references(() => activities.id, { onDelete: 'set null' }),
    collectedAt: createdAt(),
  },
  (t) => [
    primaryKey({ columns: [t.ownerId, t.cardUserId] }),
    check('collected_cards_not_self', sql`${t.ownerId} <> ${t.cardUserId}`),
    // My cards, newest first.
    index('collected_cards_owner_idx').on(t.ownerId, t.collectedAt, t.cardUserId),
    // The cascades from a deleted user or activity find their rows.
    index('collected_cards_card_user_idx').on(t.cardUserId),
    index('collected_cards_activity_idx').on(t.activityId).where(sql`${t.activityId} is not null`),
  ],
);

/**
 * Where a user who opted in was last, coarsened before it is stored (to
 * about a kilometre) and forgotten at `expiresAt`: nearby never knows more
 * than roughly where, and never for long.
 */
export const userLocations = pgTable(
  'user_locations',
  {
    userId: uuid()
      .primaryKey()
      .references(() => users.id, { onDelete: 'cascade' }),
    latitude: doublePrecision().notNull(),
    longitude: doublePrecision().notNull(),
    expiresAt: instant().notNull(),
    updatedAt: updatedAt(),
  },
  (t) => [
    check('user_locations_coordinates', sql`${t.latitude} between -90 and 90 and ${t.longitude} between -180 and 180`),
    // activity_earth is ll_to_earth made indexable (migration 0006); it serves any point.
    index('user_locations_place_idx').using('gist', sql`activity_earth(${t.latitude}, ${t.longitude})`),
  ],
);
