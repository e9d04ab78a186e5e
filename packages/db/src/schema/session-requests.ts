import { sql } from 'drizzle-orm';
import { check, date, foreignKey, index, integer, jsonb, numeric, pgEnum, pgTable, primaryKey, text, timestamp, unique, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { conversations, messages } from './chat';
import { createdAt, id, updatedAt } from './columns';
import { users } from './users';

export const scheduleType = pgEnum('schedule_type', ['one_time', 'recurring']);
export const requesterRole = pgEnum('requester_role', ['student', 'parent']);
export const sessionRequestStatus = pgEnum('session_request_status', ['pending', 'accepted', 'rejected', 'cancelled']);
export const familyLinkStatus = pgEnum('family_link_status', ['pending', 'accepted']);

// Prices are decimal amounts in the currency's major unit (150.00 EUR), two
// places at most: numeric, never a float, so sums and comparisons are exact.
const money = () => numeric({ precision: 12, scale: 2, mode: 'number' });
const currencyCheck = (column: unknown) => sql`${column} ~ '^[A-Z]{3}$'`;

/**
 * Roles are profiles keyed by the user: a user holds each role at most once
 * and may hold several. Everything else (packages, requests, links) refers to
 * users.id, so one account can tutor, study and book for a child at once.
 */
export const tutorProfiles = pgTable(
  'tutor_profiles',
  {
    userId: uuid()
      .primaryKey()
      .references(() => users.id, { onDelete: 'cascade' }),
    bio: text().notNull().default(''),
    subjects: text().array().notNull().default(sql`'{}'::text[]`),
    languages: text().array().notNull().default(sql`'{}'::text[]`),
    hourlyRate: money().notNull(),
    currency: text().notNull(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    check('tutor_profiles_rate', sql`${t.hourlyRate} >= 0`),
    check('tutor_profiles_currency', currencyCheck(t.currency)),
    // Tutor discovery pages newest first.
    index('tutor_profiles_created_idx').on(t.createdAt, t.userId),
    // Discovery by subject or language, whatever its case: a subject few
    // teach is looked up, not searched for among every tutor. lower_labels
    // is created by migration 0005_label_search.
    index('tutor_profiles_subjects_idx').using('gin', sql`lower_labels(${t.subjects})`),
    index('tutor_profiles_languages_idx').using('gin', sql`lower_labels(${t.languages})`),
  ],
);

export const studentProfiles = pgTable('student_profiles', {
  userId: uuid()
    .primaryKey()
    .references(() => users.id, { onDelete: 'cascade' }),
  gradeLevel: text().notNull(),
  subjects: text().array().notNull().default(sql`'{}'::text[]`),
  createdAt: createdAt(),
  updatedAt: updatedAt(),
});

export const parentProfiles = pgTable('parent_profiles', {
  userId: uuid()
    .primaryKey()
    .references(() => users.id, { onDelete: 'cascade' }),
  createdAt: createdAt(),
  updatedAt: updatedAt(),
});

/**
 * A parent and a child (a user with a student profile). One side proposes, the
 * other confirms: only an accepted link lets a parent book for the child or
 * see the child's requests, so nobody can claim a stranger as their child.
 */
export const familyLinks = pgTable(
  'family_links',
  {
    parentId: uuid()
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    childId: uuid()
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    status: familyLinkStatus().notNull(),
    requestedBy: uuid()
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    createdAt: createdAt(),
    respondedAt: timestamp({ withTimezone: true, precision: 3 }),
  },
  (t) => [
    primaryKey({ columns: [t.parentId, t.childId] }),
    check('family_links_not_self', sql`${t.parentId} <> ${t.childId}`),
    check('family_links_requester', sql`${t.requestedBy} in (${t.parentId}, ${t.childId})`),
    index('family_links_child_idx').on(t.childId),
  ],
);

export const tutorPackages = pgTable(
  'tutor_packages',
  {
    id: id(),
    tutorId: uuid()
      .notNull()
      .references(() => tutorProfiles.userId, { onDelete: 'cascade' }),
    name: text().notNull(),
    description: text().notNull().default(''),
    sessionCount: integer().notNull(),
    minutesPerSession: integer().notNull(),
    price: money().notNull(),
    currency: text().notNull(),
    scheduleType: scheduleType().notNull(),
    // The tutor's idempotency key: a retried create finds the first package.
    clientKey: text(),
    // Archived packages are no longer offered; requests made for them keep
    // pointing at them, so they are never deleted.
    archivedAt: timestamp({ withTimezone: true, precision: 3 }),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex('tutor_packages_client_key').on(t.tutorId, t.clientKey),
    // Redundant as a key (id alone is one); it exists so session_requests can
    // reference (id, tutor_id) and a request can never name another tutor's package.
    unique('tutor_packages_id_tutor_key').on(t.id, t.tutorId),
    index('tutor_packages_tutor_idx').on(t.tutorId, t.createdAt, t.id),
    check('tutor_packages_sessions', sql`${t.sessionCount} between 1 and 500`),
    check('tutor_packages_minutes', sql`${t.minutesPerSession} between 15 and 600`),
    check('tutor_packages_price', sql`${t.price} >= 0`),
    check('tutor_packages_currency', currencyCheck(t.currency)),
  ],
);

// The same list as the server's input schema (schemas/session-requests/fields.ts).
const WEEKDAYS = ['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'] as const;
export type Weekday = (typeof WEEKDAYS)[number];

/**
 * The server's clock-time format, 24-hour "HH:MM". The column stays text
 * rather than time: a time column reads back as "14:30:00", and clients get
 * the string they sent.
 */
const clockTimeCheck = (column: unknown) => sql`${column} ~ '^([01][0-9]|2[0-3]):[0-5][0-9]$'`;

/**
 * A list of distinct day names, lower case, as the server stores them: one
 * dimension, every element a weekday (a null is none), each at most once.
 */
const weekdaysCheck = (column: unknown) =>
  sql.join(
    [
      sql`coalesce(array_ndims(${column}), 1) = 1`,
      sql`${column} <@ ${sql.raw(`'{${WEEKDAYS.join(',')}}'::text[]`)}`,
      ...WEEKDAYS.map((day) => sql`cardinality(array_positions(${column}, ${sql.raw(`'${day}'`)})) <= 1`),
    ],
    sql` and `,
  );

/** What the requester saw when they asked: later edits to the package do not change a request. */
export interface PackageSnapshot {
  id: string;
  name: string;
  description: string;
  sessionCount: number;
  minutesPerSession: number;
  price: number;
  currency: string;
  scheduleType: 'one_time' | 'recurring';
}

export const sessionRequests = pgTable(
  'session_requests',
  {
    id: id(),
    requesterId: uuid()
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    requesterRole: requesterRole().notNull(),
    // The student the sessions are for: the requester themself, or a child
    // of the requesting parent.
    studentId: uuid()
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    tutorId: uuid()
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    // References the package together with tutor_id: see session_requests_package_fk below.
    packageId: uuid().notNull(),
    package: jsonb().$type<PackageSnapshot>().notNull(),
    conversationId: uuid()
      .notNull()
      .references(() => conversations.id, { onDelete: 'cascade' }),
    messageId: uuid()
      .notNull()
      .references(() => messages.id, { onDelete: 'cascade' }),
    note: text(),
    scheduleType: scheduleType().notNull(),
    days: text().array().$type<Weekday[]>().notNull().default(sql`'{}'::text[]`),
    startTime: text().notNull(),
    endTime: text().notNull(),
    startDate: date({ mode: 'string' }),
    timeZone: text(),
    counterOfferPrice: money(),
    status: sessionRequestStatus().notNull().default('pending'),
    rejectReason: text(),
    respondedBy: uuid().references(() => users.id, { onDelete: 'set null' }),
    respondedAt: timestamp({ withTimezone: true, precision: 3 }),
    // The requester's idempotency key: a retried create returns the first request.
    clientKey: text(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    // The one-pending-request rule (docs/ARCHITECTURE.md, "Invariants"): however many creates race,
    // one pending request per requester, tutor, package and student.
    uniqueIndex('session_requests_one_pending')
      .on(t.requesterId, t.tutorId, t.packageId, t.studentId)
      .where(sql`${t.status} = 'pending'`),
    uniqueIndex('session_requests_client_key').on(t.requesterId, t.clientKey),
    index('session_requests_sent_idx').on(t.requesterId, t.createdAt, t.id),
    index('session_requests_sent_status_idx').on(t.requesterId, t.status, t.createdAt, t.id),
    index('session_requests_received_idx').on(t.tutorId, t.createdAt, t.id),
    index('session_requests_received_status_idx').on(t.tutorId, t.status, t.createdAt, t.id),
    index('session_requests_student_idx').on(t.studentId, t.createdAt, t.id),
    // The package must be one of this request's tutor's. No on-delete action,
    // as the single-column key it replaces had none: packages are archived,
    // never deleted, and a tutor's requests go with the tutor's user.
    foreignKey({
      name: 'session_requests_package_fk',
      columns: [t.packageId, t.tutorId],
      foreignColumns: [tutorPackages.id, tutorPackages.tutorId],
    }),
    check('session_requests_start_time', clockTimeCheck(t.startTime)),
    check('session_requests_end_time', clockTimeCheck(t.endTime)),
    // As the server's input schema: the end is later the same day. "C"
    // compares the fixed-width strings byte by byte, as JavaScript's < does,
    // whatever the database's collation.
    check('session_requests_end_after_start', sql`${t.endTime} > ${t.startTime} collate "C"`),
    check('session_requests_days', weekdaysCheck(t.days)),
    check('session_requests_not_own_tutor', sql`${t.tutorId} <> ${t.requesterId} and ${t.tutorId} <> ${t.studentId}`),
    check('session_requests_counter_offer', sql`${t.counterOfferPrice} is null or ${t.counterOfferPrice} > 0`),
    check(
      'session_requests_responded',
      sql`(${t.status} = 'pending') = (${t.respondedAt} is null) and (${t.rejectReason} is null or ${t.status} = 'rejected')`,
    ),
  ],
);
