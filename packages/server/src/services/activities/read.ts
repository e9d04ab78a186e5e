import { activities, activityMembers, and, asc, desc, eq, invitations, ne, sql, users, type Database } from '@rapport/db';
import type { Actor } from '../../domain/sessions';
import { LIMITS } from '../../limits';
import { decodeCursor, pastPosition, timeIdCursor, toPage, type Page } from '../../pagination';
import type { ActivityRefInput, ActivityView, MyActivitiesInput, ParticipantsInput, ParticipantView } from '../../schemas/activities';
import { visibleActivity } from './access';
import { activityViews, activityView } from './view';

/** One activity, as the actor sees it. */
export async function getActivity(db: Database, actor: Actor, input: ActivityRefInput): Promise<ActivityView> {
  await visibleActivity(db, actor.userId, input.activityId);
  return activityView(db, actor.userId, input.activityId);
}

/**
 * The activities I host, take part in or wait for. Upcoming: not yet ended,
 * soonest first; past: ended, latest first. An activity lasts at most
 * LIMITS.activityMaxHours, so "not yet ended" is a start-time range plus a
 * filter on the few that started within that span.
 */
export async function myActivities(db: Database, actor: Actor, input: MyActivitiesInput): Promise<Page<ActivityView>> {
  const me = actor.userId;
  const after = input.cursor ? decodeCursor(input.cursor, timeIdCursor) : null;
  const now = new Date().toISOString();
  const order = input.when === 'upcoming' ? 'asc' : 'desc';
  const ended = sql`${activities.endsAt} <= ${now}`;
  const longestAgo = new Date(Date.now() - LIMITS.activityMaxHours * 3_600_000).toISOString();
  // The start bound keeps the index range to the activities that can match.
  const startBound = (column: typeof activities.startsAt | typeof activityMembers.startsAt) =>
    input.when === 'upcoming' ? sql`${column} > ${longestAgo}` : sql`${column} <= ${now}`;
  const when = input.when === 'upcoming' ? sql`not (${ended})` : ended;
  if (input.role === 'invited') return invitedTo(db, me, input);
  let rows: { id: string; startsAt: Date }[];
  if (input.role === 'hosting') {
    rows = await db
      .select({ id: activities.id, startsAt: activities.startsAt })
      .from(activities)
      .where(and(eq(activities.hostId, me), startBound(activities.startsAt), when, after ? pastPosition([activities.startsAt, activities.id], [after[0], after[1]], order) : undefined))
      .orderBy(order === 'asc' ? asc(activities.startsAt) : desc(activities.startsAt), order === 'asc' ? asc(activities.id) : desc(activities.id))
      .limit(input.limit + 1);
  } else {
    rows = await db
      .select({ id: activityMembers.activityId, startsAt: activityMembers.startsAt })
      .from(activityMembers)
      .innerJoin(activities, eq(activities.id, activityMembers.activityId))
      .where(
        and(
          eq(activityMembers.userId, me),
          eq(activityMembers.status, input.role === 'joined' ? 'participant' : 'waitlisted'),
          ne(activities.hostId, me),
          startBound(activityMembers.startsAt),
          when,
          after ? pastPosition([activityMembers.startsAt, activityMembers.activityId], [after[0], after[1]], order) : undefined,
        ),
      )
      .orderBy(
        order === 'asc' ? asc(activityMembers.startsAt) : desc(activityMembers.startsAt),
        order === 'asc' ? asc(activityMembers.activityId) : desc(activityMembers.activityId),
      )
      .limit(input.limit + 1);
  }
  const page = toPage(rows, input.limit, (r) => [r.startsAt.toISOString(), r.id], (r) => r.id);
  return { items: await activityViews(db, me, page.items), nextCursor: page.nextCursor };
}

/** Who takes part, in the order they came, the host first among equals; as visible as the activity. */
export async function listParticipants(db: Database, actor: Actor, input: ParticipantsInput): Promise<Page<ParticipantView>> {
  const activity = await visibleActivity(db, actor.userId, input.activityId);
  const after = input.cursor ? decodeCursor(input.cursor, timeIdCursor) : null;
  const rows = await db
    .select({ id: users.id, name: users.name, avatarUrl: users.avatarUrl, queuedAt: activityMembers.queuedAt, joinedAt: activityMembers.joinedAt })
    .from(activityMembers)
    .innerJoin(users, eq(users.id, activityMembers.userId))
    .where(
      and(
        eq(activityMembers.activityId, activity.id),
        eq(activityMembers.status, 'participant'),
        after ? pastPosition([activityMembers.queuedAt, activityMembers.userId], [after[0], after[1]], 'asc') : undefined,
      ),
    )
    .orderBy(asc(activityMembers.queuedAt), asc(activityMembers.userId))
    .limit(input.limit + 1);
  return toPage(
    rows,
    input.limit,
    (r) => [r.queuedAt.toISOString(), r.id],
    (r) => ({ id: r.id, name: r.name, avatarUrl: r.avatarUrl, joinedAt: (r.joinedAt ?? r.queuedAt).toISOString(), host: r.id === activity.hostId }),
  );
}

/**
 * Activities I have a pending invitation to, along invitations_recipient_pending_idx:
 * upcoming, those not yet lapsed, soonest to lapse first; past, the lapsed ones, latest first.
 */
async function invitedTo(db: Database, me: string, input: MyActivitiesInput): Promise<Page<ActivityView>> {
  const after = input.cursor ? decodeCursor(input.cursor, timeIdCursor) : null;
  const now = new Date().toISOString();
  const order = input.when === 'upcoming' ? 'asc' : 'desc';
  const rows = await db
    .select({ id: invitations.id, activityId: invitations.activityId, expiresAt: invitations.expiresAt })
    .from(invitations)
    .where(
      and(
        eq(invitations.recipientId, me),
        // A literal, not a parameter: the planner can then use the partial index.
        sql`${invitations.status} = 'pending'`,
        input.when === 'upcoming' ? sql`${invitations.expiresAt} > ${now}` : sql`${invitations.expiresAt} <= ${now}`,
        after ? pastPosition([invitations.expiresAt, invitations.id], [after[0], after[1]], order) : undefined,
      ),
    )
    .orderBy(order === 'asc' ? asc(invitations.expiresAt) : desc(invitations.expiresAt), order === 'asc' ? asc(invitations.id) : desc(invitations.id))
    .limit(input.limit + 1);
  const page = toPage(rows, input.limit, (r) => [r.expiresAt.toISOString(), r.id], (r) => r.activityId);
  return { items: await activityViews(db, me, page.items), nextCursor: page.nextCursor };
}

