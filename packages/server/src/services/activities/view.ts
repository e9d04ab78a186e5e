import { activities, eq, inArray, sql, users, type Executor } from '@rapport/db';
import type { ActivityView } from '../../schemas/activities';

/** The activities by id, as `viewerId` sees them (their own status and place in line), in the order of `ids`. */
export async function activityViews(db: Executor, viewerId: string, ids: readonly string[], distances?: Map<string, number>): Promise<ActivityView[]> {
  if (ids.length === 0) return [];
  // The viewer's own row is looked up per activity, by its primary key: a
  // join would read every membership the viewer has to find these few.
  const mine = sql`(select m.status from activity_members m where m.activity_id = ${activities.id} and m.user_id = ${viewerId})`;
  const rows = await db
    .select({
      activity: activities,
      hostName: users.name,
      hostAvatarUrl: users.avatarUrl,
      memberStatus: sql<'participant' | 'waitlisted' | null>`${mine}`,
      // A scalar subquery with a limit is run per activity through
      // invitations_pending_idx; an exists may be hashed over all of mine.
      invited: sql<boolean>`(select true from invitations i
        where i.activity_id = ${activities.id} and i.recipient_id = ${viewerId} and i.status = 'pending' and i.expires_at > now() limit 1) is not null`,
      // Counted along activity_members_order_idx: as long as the line before me.
      position: sql<string | null>`(
        select (select count(*) from activity_members w
                where w.activity_id = m.activity_id and w.status = 'waitlisted'
                  and (w.queued_at, w.user_id) <= (m.queued_at, m.user_id))
        from activity_members m
        where m.activity_id = ${activities.id} and m.user_id = ${viewerId} and m.status = 'waitlisted')`,
    })
    .from(activities)
    .innerJoin(users, eq(users.id, activities.hostId))
    .where(inArray(activities.id, [...ids]));
  const byId = new Map(rows.map((row) => [row.activity.id, row]));
  return ids.flatMap((id) => {
    const row = byId.get(id);
    if (row === undefined) return [];
    const a = row.activity;
    const myStatus = a.hostId === viewerId ? 'host' : (row.memberStatus ?? (row.invited ? 'invited' : 'none'));
    const distance = distances?.get(id);
    return [
      {
        id: a.id,
        host: { id: a.hostId, name: row.hostName, avatarUrl: row.hostAvatarUrl },
        title: a.title,
        description: a.description,
        locationLabel: a.locationLabel,
        place: a.latitude === null || a.longitude === null ? null : { latitude: a.latitude, longitude: a.longitude },
        startsAt: a.startsAt.toISOString(),
        endsAt: a.endsAt.toISOString(),
        capacity: a.capacity,
        participantCount: a.participantCount,
        remainingSeats: a.capacity - a.participantCount,
        waitlistCount: a.waitlistCount,
        tags: a.tags,
        visibility: a.visibility,
        status: a.status,
        cancelReason: a.cancelReason,
        myStatus,
        myWaitlistPosition: row.position === null ? null : Number(row.position),
        distanceKm: distance === undefined ? null : Math.round(distance * 10) / 10,
        createdAt: a.createdAt.toISOString(),
        updatedAt: a.updatedAt.toISOString(),
      },
    ];
  });
}

export async function activityView(db: Executor, viewerId: string, id: string): Promise<ActivityView> {
  const [view] = await activityViews(db, viewerId, [id]);
  if (view === undefined) throw new Error(`activity ${id} vanished`);
  return view;
}
